/**
 * Empty sub-samples (0 relevant, 0 'Yes') and reports of HMIP's later youth programmes, which yjinspect has
 * no framework for: the first are read as 0/0, the second are refused with the programme they seem to follow.
 */
import { describe, expect, it } from 'vitest';
import { importReportText, programmeRefusal, verifyReport } from '../../src/importer/index.js';
import { seedText } from './expected.js';

const std = (r: ReturnType<typeof importReportText>, id: string) => r.standards.find((s) => s.id === id)!;

describe('a key question with no relevant cases', () => {
  const table = (safe: string, others: string) =>
    [
      '2.2. Planning',
      'Rating: Good',
      'Of the 8 cases inspected:',
      'Does planning focus sufficiently on supporting the child\u2019s desistance?\t8\t6\t75%',
      `Does planning focus sufficiently on keeping the child safe?\t${safe}`,
      `Does planning focus sufficiently on keeping other people safe?\t${others}`,
    ].join('\n');

  it.each([
    ['0 0 n/a', '0\t0\tn/a'],
    ['0 0 0%', '0\t0\t0%'],
    ['0 of 0', '0 of 0'],
    ['0/0', '0/0'],
    ['0 of 0 (n/a)', '0 of 0 (n/a)'],
    ['0 0 –', '0\t0\t–'],
  ])('is read as 0/0 when printed "%s"', (_label, printed) => {
    const r = importReportText(table(printed, '7 of 8 (88%)'));
    expect(std(r, '2.2').keyQuestions).toEqual([
      { id: '2.2.1', relevant: 8, yes: 6, percent: 75 },
      { id: '2.2.2', relevant: 0, yes: 0, percent: null },
      { id: '2.2.3', relevant: 8, yes: 7, percent: 88 },
    ]);
    expect(r.warnings.filter((w) => /2\.2\.2/.test(w.message))).toEqual([]);
  });

  it('is read as 0/0 from "n/a" in a percentage-only table', () => {
    const r = importReportText(table('n/a', '54%'));
    expect(std(r, '2.2').keyQuestions[1]).toEqual({ id: '2.2.2', relevant: 0, yes: 0, percent: null });
  });

  it('does not take a page footer ("5 / 32") for counts', () => {
    const r = importReportText(table('5 / 32', '6\t5'));
    expect(std(r, '2.2').keyQuestions.map((k) => k.id)).toEqual(['2.2.1', '2.2.3']);
  });

  it('warns about, and drops, a percentage other than 0% printed for no relevant cases', () => {
    const r = importReportText(table('0\t0\t50%', '8\t7'));
    expect(std(r, '2.2').keyQuestions[1]).toEqual({ id: '2.2.2', relevant: 0, yes: 0, percent: null });
    expect(r.warnings.some((w) => /2\.2\.2: 50% is printed for no relevant cases/.test(w.message))).toBe(true);
  });

  it('is verified without dividing by zero: the standard is rated on the other key questions', () => {
    const r = importReportText(seedText('stockton-on-tees-2020'));
    const kq = std(r, '2.2').keyQuestions.find((k) => k.id === '2.2.3')!;
    Object.assign(kq, { relevant: 0, yes: 0, percent: null });
    const v = verifyReport(r);
    expect(v.findings.find((f) => f.subject === 'key question 2.2.3')).toMatchObject({ status: 'unchecked', computed: 'no relevant cases' });
    const planning = v.findings.find((f) => f.subject === '2.2 Planning')!;
    expect(planning.computed).not.toMatch(/NaN|Infinity/);
    expect(v.findings.some((f) => /NaN|Infinity/.test(`${f.published} ${f.computed}`))).toBe(false);
    // A 'Yes' or a percentage printed for no relevant cases is a slip.
    Object.assign(kq, { yes: 0, percent: 40 });
    expect(verifyReport(r).findings.find((f) => f.subject === 'key question 2.2.3')).toMatchObject({ status: 'disagrees' });
  });
});

describe('reports of a programme yjinspect has no framework for', () => {
  const front = (date: string) => `An inspection of youth justice services in Anytown\nHM Inspectorate of Probation, ${date}\n\n`;
  const y2023 = [
    'Ratings',
    'Anytown Youth Justice Service\tScore 25/39',
    'Overall rating\tGood',
    '1. Organisational delivery',
    '1.1 Governance and leadership\tGood',
    '2. Court disposals',
    '2.1 Assessment\tGood',
    '3. Out-of-court disposals',
    '3.1 Assessment\tGood',
    'Work with victims\tRequires improvement',
  ].join('\n');
  const y2025 = ['Domain one: Organisational delivery', 'Domain two: Work with children', 'Domain three: Work with victims', '2.1 Assessment', 'Good'].join('\n');

  it.each([
    ['a ratings table that rates work with victims', front('November 2023') + y2023, 2023, /work with victims is rated/],
    ['a sentence saying work with victims was rated', `${front('December 2023')}1.1 Governance and leadership\nGood\nThe work with victims was rated as \u2018Requires improvement\u2019.\n`, 2023, /work with victims is rated/],
    ['domains of work with children and work with victims', front('May 2025') + y2025, 2025, /work with children and work with victims/],
    ['a standard about victims', `${front('October 2023')}1.4 Information and facilities\tGood\n1.5 Victims policy and provision\tGood\n`, 2023, /work with victims is rated/],
    ['a foreword naming the areas rated', `${front('October 2023')}We have inspected and rated Anytown YJS across four broad areas of its work: organisational delivery, court disposals, out-of-court disposals and work with victims.\n`, 2023, /work with victims is rated/],
    ['OCR-damaged domain headings', front('May 2025') + 'Domain two: Work wlth chil dren\nGood\nDomain three: Work with vlctims\n', 2025, /work with children/],
  ])('refuses one with %s, naming the programme', (_name, text, year, evidence) => {
    const r = importReportText(text);
    expect(r.framework).toBeNull();
    expect(r.standards).toEqual([]);
    const refusal = programmeRefusal(r);
    expect(refusal).toMatch(new RegExp(`^This report seems to follow HMIP's youth inspection programme from ${year} \\(`));
    expect(refusal).toMatch(evidence);
    expect(refusal).toMatch(/which yjinspect has no framework for/);
    // What it could read of the front matter is kept.
    expect(r.provider).toBe('Anytown Youth Justice Service');
  });

  it('does not refuse a 2021 report that mentions work with children and victims in prose or sub-headings', () => {
    const text = [
      front('December 2021'),
      'We have inspected and rated Anytown YOS across three broad areas of its work.',
      'Work with victims',
      'The YOS has a victims worker, and its work with victims is a strength. Out-of-court work was rated Outstanding.',
      'Work with children sentenced by the courts will be more effective when planned.',
      '3. Victims were contacted in every case we inspected.',
      '3.4 Out-of-court disposal policy and provision',
      'Good',
    ].join('\n');
    const r = importReportText(text);
    expect(programmeRefusal(r)).toBeNull();
    expect(r.framework).toBe('2021');
  });

  it.each(['stockton-on-tees-2020', 'south-tees-2019', 'stoke-on-trent-2022'] as const)('does not refuse the seed %s', (seed) => {
    expect(programmeRefusal(importReportText(seedText(seed)))).toBeNull();
  });
});
