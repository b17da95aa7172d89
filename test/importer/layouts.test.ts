/**
 * Layouts the seeds do not show, written the way other published reports and extractions print them:
 * each must read the same way, or warn.
 */
import { describe, expect, it } from 'vitest';
import { importReportText } from '../../src/importer/index.js';

const std = (r: ReturnType<typeof importReportText>, id: string) => r.standards.find((s) => s.id === id)!;

describe('publication dates', () => {
  it.each([
    ['Published: 12 November 2020', '2020-11'],
    ['Date of publication: 3rd March 2021', '2021-03'],
    ['HM Inspectorate of Probation, September 2022', '2022-09'],
    ['**June 2019**', '2019-06'],
  ])('reads "%s" as %s', (line, month) => {
    expect(importReportText(`An inspection of youth offending services in\nAnytown\n\n${line}\n`).published).toBe(month);
  });

  it('does not take the fieldwork month for the publication month', () => {
    const r = importReportText('Anytown Youth Justice Service\nFieldwork started June 2022\n© Crown copyright 2022\n');
    expect(r.published).toBe('2022');
    expect(r.warnings.some((w) => /only the year/.test(w.message))).toBe(true);
  });
});

describe('a markdown report with pipe tables, counts and percentages together', () => {
  const md = [
    '# An inspection of youth offending services in Anytown',
    'HM Inspectorate of Probation, March 2021',
    '## Ratings',
    '| Anytown Youth Offending Service | Score 20/36 |',
    '| Overall rating | **Good** |',
    '## 2.2. Planning',
    'Planning is well informed, holistic and personalised, actively involving the child and their parents and carers.',
    'Rating: Requires improvement',
    'Of the 20 cases inspected:',
    '| Key question | Relevant cases | Number \u2018Yes\u2019 | % \u2018Yes\u2019 |',
    '|---|---|---|---|',
    '| Does planning focus sufficiently on supporting the child\u2019s desistance? | 20 | 15 | 75% |',
    '| Does planning focus sufficiently on keeping the chi1d safe? | 16 | 9 | **56%** |',
    '| Does p1anning focus sufficiently on keeping other people safe? | 14 | 12 | 86% |',
  ].join('\n');
  const r = importReportText(md);

  it('reads counts and the printed percentage of each key question', () => {
    expect(std(r, '2.2').keyQuestions).toEqual([
      { id: '2.2.1', relevant: 20, yes: 15, percent: 75 },
      { id: '2.2.2', relevant: 16, yes: 9, percent: 56 },
      { id: '2.2.3', relevant: 14, yes: 12, percent: 86 },
    ]);
  });

  it('reads the rating, provider, score and publication month', () => {
    expect(std(r, '2.2').rating).toBe('Requires improvement');
    expect(r.provider).toBe('Anytown Youth Offending Service');
    expect(r.overall).toEqual({ rating: 'Good', score: 20, maxScore: 36 });
    expect(r.published).toBe('2021-03');
  });
});

describe('a flattened table: questions first, then their figures one per line', () => {
  const text = [
    '3.1 Assessment',
    'Outstanding',
    'Of the 10 cases inspected:',
    'Does assessment sufficiently analyse how to support the child\u2019s',
    'desistance?',
    'Does assessment sufficiently analyse how to keep the child safe?',
    'Does assessment sufficiently analyse how to keep other people',
    'safe?',
    '10',
    '9',
    '8',
    '7',
    '6',
    '5',
  ].join('\n');

  it('gives each question its pair, in order', () => {
    const r = importReportText(text);
    expect(std(r, '3.1').keyQuestions.map((k) => [k.id, k.relevant, k.yes])).toEqual([
      ['3.1.1', 10, 9],
      ['3.1.2', 8, 7],
      ['3.1.3', 6, 5],
    ]);
  });
});

describe('figures that cannot be right', () => {
  it('drops counts with more "Yes" than relevant cases, and says where', () => {
    const r = importReportText(['2.1 Assessment', 'Good', 'Of the 8 cases inspected:', 'Does assessment sufficiently analyse how to keep the child safe?', '6 8'].join('\n'));
    expect(std(r, '2.1').keyQuestions).toEqual([]);
    expect(r.warnings.find((w) => /cannot be right/.test(w.message))?.line).toBe(5);
  });

  it('drops counts larger than the table\u2019s cases', () => {
    const r = importReportText(['2.1 Assessment', 'Good', 'Of the 8 cases inspected:', 'Does assessment sufficiently analyse how to keep the child safe?', '9 7'].join('\n'));
    expect(std(r, '2.1').keyQuestions).toEqual([]);
    expect(r.warnings.some((w) => /more than the 8 cases/.test(w.message))).toBe(true);
  });

  it('warns about run-together counts ("86") alone instead of guessing, naming the one reading the table allows', () => {
    const r = importReportText(['2.1 Assessment', 'Good', 'Of the 8 cases inspected:', 'Does assessment sufficiently analyse how to keep the child safe?', '86'].join('\n'));
    expect(std(r, '2.1').keyQuestions).toEqual([]);
    expect(r.warnings.find((w) => w.line === 5)?.message).toMatch(/cannot be read as counts .* read as 8 relevant cases, 6 'Yes'\)/);
  });

  it('reads run-together counts when the printed percentage leaves one reading ("86 75%"), and says so', () => {
    const r = importReportText(['2.1 Assessment', 'Good', 'Of the 8 cases inspected:', 'Does assessment sufficiently analyse how to keep the child safe?', '86 75%'].join('\n'));
    expect(std(r, '2.1').keyQuestions).toEqual([expect.objectContaining({ id: '2.1.2', relevant: 8, yes: 6, percent: 75 })]);
    expect(r.warnings.some((w) => w.line === 5 && /read as 8 relevant cases, 6 'Yes', 75% \(the counts were printed run together\)/.test(w.message))).toBe(true);
    // In a table of 11, "111" could only be 11 relevant and 1 'Yes', which disagrees with the printed 100%: no counts are guessed.
    const none = importReportText(['2.1 Assessment', 'Good', 'Of the 11 cases inspected:', 'Does assessment sufficiently analyse how to keep the child safe?', '111 100%'].join('\n'));
    expect(std(none, '2.1').keyQuestions.filter((k) => k.relevant !== null)).toEqual([]);
  });
});

describe('discretion marks', () => {
  it('reads "45%*" as discretion applied, with the footnote as its words', () => {
    const text = [
      '2.4 Reviewing',
      'Requires improvement',
      '\u2019% Yes\u2019',
      'Does reviewing focus sufficiently on supporting the child\u2019s desistance?\t70%',
      'Does reviewing focus sufficiently on keeping the child safe?\t45%*',
      'Does reviewing focus sufficiently on keeping other people safe?\t66%',
      '* The ratings panel applied professional discretion: one case from the next band.',
    ].join('\n');
    const r = importReportText(text);
    expect(std(r, '2.4').keyQuestions.find((k) => k.id === '2.4.2')?.percent).toBe(45);
    expect(std(r, '2.4').discretion).toMatchObject({ applied: true, from: null });
    expect(std(r, '2.4').discretion?.text).toMatch(/professional discretion/);
  });
});

describe('figures printed beside the first line of a wrapped question (PDF table rows)', () => {
  it('waits for the end of the question before giving it the figures', () => {
    const text = [
      '2.1 Assessment',
      'Good',
      'Of the 8 cases inspected:',
      'Does assessment sufficiently analyse how to support the\t8\t6',
      'child\u2019s desistance?',
      'Does assessment sufficiently analyse how to keep the child',
      '8 7',
      'safe?',
      'Does assessment sufficiently analyse how to keep other\t8\t5',
      'people safe?',
    ].join('\n');
    const r = importReportText(text);
    expect(std(r, '2.1').keyQuestions.map((k) => [k.id, k.relevant, k.yes])).toEqual([
      ['2.1.1', 8, 6],
      ['2.1.2', 8, 7],
      ['2.1.3', 8, 5],
    ]);
  });
});

describe('a ratings table extracted column by column', () => {
  const head = ['Anytown Youth Offending Service', 'Score 26/36', 'Overall rating', 'Good', '2. Court disposals'];

  it('gives the run of ratings to the run of standards, in order', () => {
    const r = importReportText([...head, '2.1 Assessment', '2.2 Planning', '2.3 Implementation and delivery', 'Good', 'Outstanding', 'Requires improvement'].join('\n'));
    expect(['2.1', '2.2', '2.3'].map((id) => std(r, id).rating)).toEqual(['Good', 'Outstanding', 'Requires improvement']);
  });

  it('uses none of them, with a warning, when the counts differ', () => {
    const r = importReportText([...head, '2.1 Assessment', '2.2 Planning', '2.3 Implementation and delivery', 'Good', 'Outstanding'].join('\n'));
    expect(['2.1', '2.2', '2.3'].map((id) => std(r, id).rating)).toEqual([null, null, null]);
    expect(r.warnings.some((w) => /2 ratings follow 3 standard headings/.test(w.message))).toBe(true);
  });
});

describe('OCR damage in the ratings and figures', () => {
  const text = [
    'Darlington Youth Offending Service',
    'Score 27/36',
    'Overa III rating\tGood',
    '2.1 Assessrnent\tRequires irnprovement',
    '2.1. Assessment',
    'Assessment is well informed, analytical and personalised, actively involving the child and their parents/carers.',
    'Requires improvement',
    "\t% 'Yes'",
    'Does assessment sufficiently analyse how to support the chi1d\u2019s desistance?\tl00%',
    'Does assessrnent sufficiently ana1yse how to keep the child safe?\t7O%',
    'Does assessment sufficiently analyse how to keep other people safe?\t<b>55%</b>',
  ].join('\n');
  const r = importReportText(text);

  it('reads "Overa III rating" and "Requires irnprovement"', () => {
    expect(r.overall.rating).toBe('Good');
    expect(std(r, '2.1').rating).toBe('Requires improvement');
    expect(r.warnings.filter((w) => /printed as/.test(w.message))).toEqual([]);
  });

  it('reads l00% and 7O% as 100% and 70%', () => {
    expect(std(r, '2.1').keyQuestions.map((k) => [k.id, k.percent])).toEqual([
      ['2.1.1', 100],
      ['2.1.2', 70],
      ['2.1.3', 55],
    ]);
  });
});

describe('OCR damage in standard numbers', () => {
  it('reads "l.l Governance and leadership" and "3.l Assessment" as 1.1 and 3.1', () => {
    const r = importReportText(['l.l Governance and leadership\tGood', '3.l Assessment\tOutstanding'].join('\n'));
    expect(std(r, '1.1').rating).toBe('Good');
    expect(std(r, '3.1').rating).toBe('Outstanding');
  });
});
