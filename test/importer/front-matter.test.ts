/**
 * Report openings the seeds do not show, in the forms published reports print them (the service in a title
 * line, abbreviated, on the line below the title; the publication date on the same line), each damaged the
 * way extraction damages text. The service, the publication month and the framework must be read; the name
 * never carries the date or the inspectorate's name.
 */
import { describe, expect, it } from 'vitest';
import { importReportText } from '../../src/importer/index.js';
import { prng, type Noise } from './noise.js';

const NOISES: Record<string, Noise> = {
  none: (t) => t,
  /** A space inside some long words ("offe nding", "Dage nham"). */
  'split words': (t, rand) => t.replace(/[A-Za-z]{7,}/g, (w) => (rand() < 0.3 ? `${w.slice(0, 4)} ${w.slice(4)}` : w)),
  /** OCR confusions: rn for m, l for i and I, 0 for O. */
  'confused letters': (t, rand) =>
    t.replace(/[A-Za-z]+/g, (w) => w.replace(/m|i|I|O/g, (c) => (rand() < 0.25 ? ({ m: 'rn', i: 'l', I: 'l', O: '0' } as Record<string, string>)[c]! : c))),
  /** Runs of spaces and tabs, trailing spaces, blank lines. */
  'shuffled whitespace': (t, rand) =>
    t
      .split('\n')
      .map((l) => l.replace(/ /g, () => (rand() < 0.3 ? '   ' : rand() < 0.1 ? ' \t ' : ' ')) + (rand() < 0.3 ? '  ' : ''))
      .flatMap((l) => (rand() < 0.3 ? [l, ''] : [l]))
      .join('\n'),
  /** Markdown and HTML as converters emit them. */
  markup: (t) => t.replace(/^(An inspection[^\n]*)$/m, '# $1').replace(/^(HM Inspectorate of Probation)$/m, '<p><b>$1</b></p>'),
};

interface Opening {
  readonly text: (place: string, date: string) => string;
  readonly kind: string;
}

const OPENINGS: Record<string, Opening> = {
  'title and place on one line, date below': {
    text: (p, d) => `An inspection of youth offending services in ${p}\nHM Inspectorate of Probation, ${d}`,
    kind: 'Youth Offending Service',
  },
  'title without "An inspection of", date after a comma': { text: (p, d) => `youth offending services in ${p}, ${d}`, kind: 'Youth Offending Service' },
  'place on its own bold line, "by HM Inspectorate of Probation"': {
    text: (p, d) => `HM Inspectorate\nof Probation\n\nAn inspection of youth offending services in\n\n**${p}**\n\nby HM Inspectorate of Probation\n\n${d}`,
    kind: 'Youth Offending Service',
  },
  'abbreviated, date on the same line': { text: (p, d) => `${p} YJS  ${d}`, kind: 'Youth Justice Service' },
  'the team named below its place': { text: (p, d) => `An inspection of\n${p}\nYouth Offending Team (YOT)\n\nPublished: ${d}`, kind: 'Youth Offending Team' },
  'youth justice services, date after a dash': { text: (p, d) => `An inspection of youth justice services in ${p} – ${d}`, kind: 'Youth Justice Service' },
  'inspectorate on the title line': {
    text: (p, d) => `An inspection of youth offending services in ${p} by HM Inspectorate of Probation\n${d}`,
    kind: 'Youth Offending Service',
  },
  'full name above the inspectorate': { text: (p, d) => `${p} Youth Justice Service\nAn inspection by HM Inspectorate of Probation\n${d}`, kind: 'Youth Justice Service' },
  'in capitals': { text: (p, d) => `AN INSPECTION OF YOUTH OFFENDING SERVICES IN ${p.toUpperCase()}, ${d}`, kind: 'Youth Offending Service' },
};

const PLACES = ['Barking and Dagenham', 'Camden', 'Stockton-on-Tees', 'Richmond upon Thames', 'St Helens', 'Blackburn with Darwen', 'Isle of Wight'];
const DATES: [string, string, '2018' | '2021'][] = [
  ['12 February 2020', '2020-02', '2018'],
  ['March 2019', '2019-03', '2018'],
  ['3rd November 2021', '2021-11', '2021'],
  ['Sept 2022', '2022-09', '2021'],
];

/** The rest of an opening: prose with other places and dates that are not the service or its publication. */
const BODY = [
  '',
  'Contents',
  'Foreword',
  'This inspection is part of our programme of youth offending service (YOS) inspections, across England and Wales.',
  'Fieldwork took place between 3 and 7 June 2019. We thank the Cleveland Police and the Management Board.',
  '© Crown copyright 2019',
].join('\n');

/** Compared as the importer folds text: OCR letters merged, spaces dropped. */
const folded = (s: string) =>
  s.toLowerCase().replace(/rn/g, 'm').replace(/[1|!i]/g, 'l').replace(/0/g, 'o').replace(/[^a-z]/g, '');

describe.each(Object.entries(OPENINGS))('an opening with %s', (_name, opening) => {
  for (const [noiseName, noise] of Object.entries(NOISES)) {
    it(`${noiseName}: reads the service, the publication month and the framework`, () => {
      PLACES.forEach((place, i) => {
        const [date, month, framework] = DATES[i % DATES.length]!;
        const text = noise(`${opening.text(place, date)}\n${BODY}`, prng(i * 131 + noiseName.length));
        const r = importReportText(text);
        const want = `${place} ${opening.kind}`;
        expect({ text, provider: r.provider && folded(r.provider) }).toEqual({ text, provider: folded(want) });
        expect(r.provider).not.toMatch(/\d|Inspectorate|\bby\b|February|March|November|Sept/i);
        expect({ text, published: r.published, framework: r.framework }).toEqual({ text, published: month, framework });
      });
    });
  }
});

describe('the service name', () => {
  it('is the printed full name with the title’s place, not a name the text abbreviates elsewhere', () => {
    const r = importReportText(
      ['An inspection of youth offending services in', 'Anytown', 'HM Inspectorate of Probation, June 2022', 'In Anytown YOS the board met.', 'Anytown Youth Justice Service\tScore 20/36'].join('\n'),
    );
    expect(r.provider).toBe('Anytown Youth Justice Service');
  });

  it('is not taken from a sentence that starts with a capitalised word', () => {
    const r = importReportText('Overall, the YOS was rated Good.\nIn March 2019 we inspected the service.\n');
    expect(r.provider).toBeNull();
    expect(r.published).toBeNull();
  });
});
