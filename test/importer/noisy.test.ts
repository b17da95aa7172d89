/**
 * Noisy variants of the seeds, generated here the way extractions damage text: words split by stray
 * spaces, OCR letter confusions (l/I/1, rn/m, O/0), shuffled whitespace and blank lines, page headers and footers. The importer must
 * still read the same figures, or leave a figure out with a warning: never a different number.
 */
import { describe, expect, it } from 'vitest';
import { importReportText } from '../../src/importer/index.js';
import { prng, type Noise } from './noise.js';
import { SEEDS, expected, expectedFigures, figuresOf, seedText } from './expected.js';


/** "Darlington" → "Darlin gton": a space inside some long words. */
const splitWords: Noise = (text, rand) =>
  text.replace(/[A-Za-z]{7,}/g, (w) => {
    if (rand() > 0.12) return w;
    const at = 2 + Math.floor(rand() * (w.length - 4));
    return `${w.slice(0, at)} ${w.slice(at)}`;
  });

/** OCR confusions in words, and O for 0 inside percentages. */
const confuseLetters: Noise = (text, rand) =>
  text
    .replace(/[A-Za-z]+/g, (w) =>
      w.replace(/m|l|I|i|O/g, (c) => {
        if (rand() > 0.08) return c;
        return ({ m: 'rn', l: 'I', I: 'l', i: 'l', O: '0' } as Record<string, string>)[c] ?? c;
      }),
    )
    .replace(/\b(\d*)0(\d*)%/g, (all, a: string, b: string) => (rand() < 0.3 ? `${a}O${b}%` : all));

/** Extra spaces and tabs between words, trailing spaces, and blank lines between lines. */
const shuffleWhitespace: Noise = (text, rand) =>
  text
    .split('\n')
    .map((line) => line.replace(/ /g, () => (rand() < 0.1 ? '   ' : rand() < 0.03 ? ' \t ' : ' ')) + (rand() < 0.2 ? '  ' : ''))
    .flatMap((line) => (rand() < 0.1 ? [line, ''] : [line]))
    .join('\n');

/** A running footer and header at every "page" (about 45 lines), often in the middle of a wrapped question. */
const pageBreaks: Noise = (text, rand) => {
  const out: string[] = [];
  let page = 3;
  let next = 30 + Math.floor(rand() * 30);
  text.split('\n').forEach((line, i) => {
    out.push(line);
    if (i === next) {
      out.push('', `Inspection of youth offending services: Anytown YOS ${page++}`, '', 'HM Inspectorate of Probation 2020 ©', '');
      next += 35 + Math.floor(rand() * 20);
    }
  });
  return out.join('\n');
};

const NOISES: Record<string, Noise> = {
  'page breaks': pageBreaks,
  'split words': splitWords,
  'confused letters': confuseLetters,
  'shuffled whitespace': shuffleWhitespace,
  'all three': (t, r) => shuffleWhitespace(confuseLetters(splitWords(t, r), r), r),
};

describe.each(SEEDS)('noisy variants of %s', (seed) => {
  const e = expected(seed);
  const want = expectedFigures(e);
  for (const [name, noise] of Object.entries(NOISES)) {
    it(`${name}: same figures and ratings, or a warning; never a different number`, () => {
      for (const variant of [1, 2]) {
        const rand = prng(variant * 7919 + seed.length);
        const r = importReportText(noise(seedText(seed), rand));
        const got = figuresOf(r);
        let read = 0;
        for (const [id, f] of want) {
          const g = got.get(id);
          if (!g) continue;
          read++;
          // A count may be dropped (with a warning) while the percentage stands, never changed.
          if (g.relevant !== null) expect({ id, relevant: g.relevant, yes: g.yes }).toEqual({ id, relevant: f.relevant, yes: f.yes });
          if (g.percent !== null) expect({ id, percent: g.percent }).toEqual({ id, percent: f.percent });
        }
        for (const id of got.keys()) expect(want.has(id), `unexpected figure for ${id}`).toBe(true);
        if (read < want.size) expect(r.warnings.length).toBeGreaterThan(0);
        // Noise this light must not cost more than a few figures.
        expect(read).toBeGreaterThanOrEqual(Math.floor(want.size * 0.9));
        for (const s of r.standards) if (s.rating !== null) expect({ id: s.id, rating: s.rating }).toEqual({ id: s.id, rating: e.ratings[s.id] });
        if (r.overall.score !== null) expect(r.overall.score).toBe(e.overall.score);
        if (r.overall.rating !== null) expect(r.overall.rating).toBe(e.overall.rating);
      }
    });
  }
});
