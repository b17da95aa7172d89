/**
 * The framework definitions against the published reports: every key question and prompt a seed
 * prints must be defined (text or variant) in the matching framework version, and every wording in
 * the definitions must be printed somewhere, so nothing is missing or invented.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_FRAMEWORKS,
  allKeyQuestions,
  allPrompts,
  caseAssessedStandards,
  containsText,
  countedStandards,
  findKeyQuestion,
  findPrompt,
  findByWording,
  findStandard,
  getFramework,
  matchesWording,
  isFrameworkVersion,
  normaliseText,
  sameText,
  statementWordings,
  validateFramework,
  wordings,
  type Framework,
  type FrameworkVersion,
} from '../src/core/framework/index.js';

interface Seed {
  readonly file: string;
  readonly version: FrameworkVersion;
  /** Standards whose key questions the report prints (all of them, in these three reports). */
  readonly keyQuestionsOf: readonly string[];
  /** Standards whose prompts the report prints. */
  readonly promptsOf: readonly string[];
  /** Standards whose statement the report prints whole at least once. */
  readonly statementsOf: readonly string[];
  /** Printed question wordings the report gets wrong, with the item they stand for. */
  readonly misprints: Readonly<Record<string, string>>;
}

const D1 = ['1.1', '1.2', '1.3', '1.4'];
const D2 = ['2.1', '2.2', '2.3', '2.4'];
const D3 = ['3.1', '3.2', '3.3'];

const SEEDS: readonly Seed[] = [
  {
    file: 'south-tees-2019.txt',
    version: '2018',
    // The annex prints every key question; the body prints none. (It has no prompt tables.)
    keyQuestionsOf: [...D1, ...D2, ...D3, '3.4'],
    promptsOf: [],
    // 1.2's and 2.3's statements are printed only in the annex, with words cut off by the extraction
    // ("quality within the YOS are empowered to deliver a high- y, personalised …").
    statementsOf: ['1.1', '1.3', '1.4', '2.1', '2.2', '2.4', '3.1', '3.2', '3.3', '3.4'],
    misprints: {},
  },
  {
    file: 'stockton-on-tees-2020.txt',
    version: '2018',
    keyQuestionsOf: [...D1, ...D2, ...D3, '3.4'],
    promptsOf: [...D2, ...D3, '3.4'],
    statementsOf: [...D1, ...D2, ...D3, '3.4'],
    misprints: {
      'Does the implementation and delivery of services effectively support the safety of the child safe?': '2.3.2',
    },
  },
  {
    file: 'stoke-on-trent-2022.txt',
    version: '2021',
    // Stoke prints key-question percentages for domains 2 and 3 only; no prompts, no domain 1 questions.
    keyQuestionsOf: [...D2, ...D3],
    promptsOf: [],
    statementsOf: [...D1, ...D2, ...D3, '3.4', '4.1'],
    misprints: {},
  },
];

const fixture = (file: string): string => readFileSync(new URL(`./fixtures/framework/${file}`, import.meta.url), 'utf8');

/**
 * Question sentences as a report prints them: starting a line (or straight after a printed key
 * question number such as "1.3.2.") with Does/Is/Are/Do/Where applicable/In cases, running over
 * line breaks up to the first '?'. A run longer than 400 characters was prose, not a question.
 * The whole report is read: questions quoted in prose (a child's survey answer; the presentation
 * questions in the methodology, which start "How"/"What") are not framework questions and do not match.
 */
const STARTER = /^(?:\d+\.\d+\.\d+\.?\s+)?((?:Does|Is|Are|Do|Where applicable|In cases)\b)/;
const NUMBERED_STARTER = /\d+\.\d+\.\d+\.?\s+(?=(?:Does|Is|Are|Do|Where applicable|In cases)\b)/g;

function extractQuestions(text: string): string[] {
  const found: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^[\s•·\-*]+/, '');
    // A line may hold several numbered questions (an annex table flattened into one line).
    const starts = new Set<number>();
    if (STARTER.test(line)) starts.add(0);
    for (const m of line.matchAll(NUMBERED_STARTER)) if (m.index > 0) starts.add(m.index + m[0].length);
    for (const at of starts) {
      let run = line.slice(at).replace(/^\d+\.\d+\.\d+\.?\s+/, '');
      let j = i;
      // Page breaks leave blank lines inside a question; the length cap stops runs that were prose.
      while (!run.includes('?') && j + 1 < lines.length && run.length < 400) {
        j++;
        run += ' ' + lines[j]!.trim();
      }
      const q = run.indexOf('?');
      if (q < 0 || q > 400) continue;
      found.push(run.slice(0, q + 1).replace(/\s+/g, ' ').trim());
    }
  }
  return found;
}

function definedWordings(fw: Framework): Map<string, string> {
  const byWording = new Map<string, string>();
  for (const item of [...allKeyQuestions(fw), ...allPrompts(fw)]) {
    for (const w of wordings(item)) byWording.set(normaliseText(w), item.id);
  }
  return byWording;
}

describe('framework data integrity', () => {
  it.each(BUILT_IN_FRAMEWORKS)('version %s passes validateFramework', (version) => {
    expect(validateFramework(getFramework(version))).toEqual([]);
  });

  it('knows exactly the two versions', () => {
    expect([...BUILT_IN_FRAMEWORKS]).toEqual(['2018', '2021']);
    expect(isFrameworkVersion('2018')).toBe(true);
    expect(isFrameworkVersion('2021')).toBe(true);
    expect(isFrameworkVersion('2019')).toBe(false);
    expect(isFrameworkVersion(2018)).toBe(false);
    for (const v of BUILT_IN_FRAMEWORKS) expect(getFramework(v).version).toBe(v);
  });

  it('validateFramework reports broken data', () => {
    const fw = getFramework('2018');
    const [first, second, ...rest] = fw.standards;
    const broken: Framework = {
      ...fw,
      standards: [
        { ...first!, name: ' ', counted: false },
        {
          ...second!,
          id: '2.9',
          keyQuestions: second!.keyQuestions.map((k, i) =>
            i === 0 ? { ...k, id: '1.2.7', prompts: [{ id: '1.2.7.c', keyQuestion: '9.9.9', text: 'Where applicable, is it?', variants: [], whereApplicable: false }] } : k,
          ),
        },
        { ...rest[0]!, keyQuestions: [] },
        ...rest,
        { ...rest[1]!, kind: 'case-assessed', keyQuestions: [{ ...rest[1]!.keyQuestions[0]!, prompts: [] }] },
      ],
    };
    const problems = validateFramework(broken);
    const expected = [
      'standard 1.1 name has no text',
      'standard 2.9 is not numbered within its domain 1',
      'key question 1.2.7 should be 2.9.1',
      'prompt 1.2.7.c should be 1.2.7.a',
      'prompt 1.2.7.c names key question 9.9.9',
      'prompt 1.2.7.c reads "Where applicable" but is not marked so',
      'standard id 1.3 is used more than once',
      'has no prompts',
      '13 standards are counted at up to 3 each, so the score maximum is 39, not 36',
    ];
    for (const e of expected) expect(problems.some((p) => p.includes(e)), `${e} in ${problems.join('\n')}`).toBe(true);
  });

  it('freezes the data so no adapter can change the rules', () => {
    const fw = getFramework('2021');
    expect(Object.isFrozen(fw)).toBe(true);
    expect(Object.isFrozen(fw.standards[4]!.keyQuestions[0]!.prompts[0])).toBe(true);
  });
});

describe('standards', () => {
  it('2018: twelve counted standards in three domains; 3.4 Joint working is case-assessed', () => {
    const fw = getFramework('2018');
    expect(fw.standards.map((s) => `${s.id} ${s.name}`)).toEqual([
      '1.1 Governance and leadership',
      '1.2 Staff',
      '1.3 Partnerships and services',
      '1.4 Information and facilities',
      '2.1 Assessment',
      '2.2 Planning',
      '2.3 Implementation and delivery',
      '2.4 Reviewing',
      '3.1 Assessment',
      '3.2 Planning',
      '3.3 Implementation and delivery',
      '3.4 Joint working',
    ]);
    expect(countedStandards(fw)).toHaveLength(12);
    expect(caseAssessedStandards(fw).map((s) => s.id)).toEqual([...D2, ...D3, '3.4']);
    expect(findStandard(fw, '3.4')!.keyQuestions.map((k) => k.id)).toEqual(['3.4.1', '3.4.2']);
    expect(fw.domains.map((d) => d.name)).toEqual(['Organisational delivery', 'Court disposals', 'Out-of-court disposals']);
  });

  it('2021: 3.4 becomes a policy judgement and 4.1 resettlement is rated but not counted', () => {
    const fw = getFramework('2021');
    expect(fw.standards.map((s) => s.id)).toEqual([...D1, ...D2, ...D3, '3.4', '4.1']);
    expect(findStandard(fw, '3.4')).toMatchObject({ name: 'Out-of-court disposal policy and provision', kind: 'judgement', counted: true, domain: 3 });
    expect(findStandard(fw, '4.1')).toMatchObject({ name: 'Resettlement policy and provision', kind: 'judgement', counted: false, domain: 4 });
    expect(countedStandards(fw).map((s) => s.id)).toEqual([...D1, ...D2, ...D3, '3.4']);
    expect(caseAssessedStandards(fw).map((s) => s.id)).toEqual([...D2, ...D3]);
    expect(fw.domains.map((d) => d.id)).toEqual([1, 2, 3, 4]);
  });

  it.each(BUILT_IN_FRAMEWORKS)('%s: domain 1 is judged, with its printed key questions (3, 4, 3, 4)', (version) => {
    const fw = getFramework(version);
    for (const id of D1) expect(findStandard(fw, id)!.kind).toBe('judgement');
    expect(D1.map((id) => findStandard(fw, id)!.keyQuestions.length)).toEqual([3, 4, 3, 4]);
    for (const k of D1.flatMap((id) => findStandard(fw, id)!.keyQuestions)) {
      expect(k.subSample).toBe('evidence');
      expect(k.prompts).toEqual([]);
    }
  });
});

describe('key questions and sub-samples', () => {
  const subSamples = (fw: Framework, standardId: string): string[] => findStandard(fw, standardId)!.keyQuestions.map((k) => k.subSample);

  it.each(BUILT_IN_FRAMEWORKS)('%s: desistance questions count every case; safety and harm follow the printed denominators', (version) => {
    const fw = getFramework(version);
    // Assessment of safety and of harm is judged in every case ("Of the 8 cases inspected", 8 relevant).
    expect(subSamples(fw, '2.1')).toEqual(['all', 'all', 'all']);
    expect(subSamples(fw, '3.1')).toEqual(['all', 'all', 'all']);
    for (const id of ['2.2', '2.3', '3.2', '3.3']) expect(subSamples(fw, id)).toEqual(['all', 'safety-and-wellbeing', 'risk-of-harm']);
    expect(subSamples(fw, '2.4')).toEqual(['changed-desistance', 'changed-safety', 'changed-risk-of-harm']);
  });

  it('2018: 3.4.2 counts youth conditional cautions only', () => {
    const fw = getFramework('2018');
    expect(findKeyQuestion(fw, '3.4.1')!.subSample).toBe('all');
    expect(findKeyQuestion(fw, '3.4.2')).toMatchObject({ subSample: 'youth-conditional-caution', subSampleLabel: 'cases with a youth conditional caution' });
  });

  it('labels sub-samples in the words the reports print ("Of the N …:")', () => {
    const stockton = normaliseText(fixture('stockton-on-tees-2020.txt').replace(/\s+/g, ' '));
    for (const k of allKeyQuestions(getFramework('2018')).filter((k) => k.subSample !== 'evidence' && k.subSample !== 'youth-conditional-caution')) {
      expect(stockton, k.id).toContain(normaliseText(k.subSampleLabel));
    }
    expect(stockton).toContain(normaliseText('Of the 1 case with a youth conditional caution'));
  });

  it('finds items by id and gives prompts stable ids in printed order', () => {
    const fw = getFramework('2018');
    expect(findKeyQuestion(fw, '2.2.2')!.text).toBe('Does planning focus sufficiently on keeping the child safe?');
    expect(findPrompt(fw, '2.1.1.a')!.text).toMatch(/^Is there sufficient analysis of offending behaviour/);
    expect(findPrompt(fw, '2.2.2.d')!.text).toMatch(/contingency arrangements/);
    expect(findPrompt(fw, '3.3.3.a')!.text).toMatch(/protection of actual and potential victims/);
    expect(findPrompt(fw, '2.1.1.h')).toBeUndefined();
    expect(findKeyQuestion(fw, '4.1.1')).toBeUndefined();
    expect(findStandard(getFramework('2021'), '4.1')!.keyQuestions).toEqual([]);
  });

  it('marks "Where applicable" prompts, and the enforcement prompt that counts only where enforcement was required', () => {
    const fw = getFramework('2018');
    const applicable = allPrompts(fw).filter((p) => p.whereApplicable).map((p) => p.id);
    expect(applicable).toContain('2.1.1.d');
    expect(applicable).toContain('2.3.1.g');
    expect(applicable).not.toContain('2.1.1.a');
    for (const p of allPrompts(fw)) if (/^where applicable/i.test(p.text)) expect(p.whereApplicable).toBe(true);
  });

  it('2021 keeps the 2018 prompts for domains 2 and 3.1–3.3, and its own wording where Stoke prints one', () => {
    const a = getFramework('2018');
    const b = getFramework('2021');
    for (const id of [...D2, ...D3]) {
      expect(findStandard(b, id)!.keyQuestions.flatMap((k) => k.prompts)).toEqual(findStandard(a, id)!.keyQuestions.flatMap((k) => k.prompts));
    }
    expect(findKeyQuestion(b, '3.2.1')!.text).toBe('Does planning focus on supporting the child’s desistance?');
    expect(findKeyQuestion(b, '3.3.1')!.text).toBe('Does service delivery effectively support the child’s desistance?');
    expect(findKeyQuestion(b, '2.3.1')!.text).toBe('Does the implementation and delivery of services effectively support the child’s desistance?');
    expect(allPrompts(b).some((p) => /young person/.test(p.text))).toBe(false);
  });
});

describe.each(SEEDS)('wording against $file', (seed) => {
  const text = fixture(seed.file);
  const fw = getFramework(seed.version);
  const printed = extractQuestions(text);
  const defined = definedWordings(fw);
  const printedSet = new Set(printed.map(normaliseText));
  const wholeReport = normaliseText(text.replace(/\s+/g, ' '));

  it('finds the printed questions', () => {
    expect(printed.length).toBeGreaterThan(10);
  });

  it('defines every key question and prompt the report prints', () => {
    const misprints = new Map(Object.entries(seed.misprints).map(([w, id]) => [normaliseText(w), id]));
    const missing = printed.filter((q) => !defined.has(normaliseText(q)) && !misprints.has(normaliseText(q)));
    expect(missing).toEqual([]);
  });

  it('lists only misprints the report really has', () => {
    for (const [wording, id] of Object.entries(seed.misprints)) {
      expect(printedSet.has(normaliseText(wording)), wording).toBe(true);
      expect(findKeyQuestion(fw, id) ?? findPrompt(fw, id)).toBeDefined();
    }
  });

  it('prints a wording of every key question it covers (nothing missing)', () => {
    for (const id of seed.keyQuestionsOf) {
      for (const k of findStandard(fw, id)!.keyQuestions) {
        expect(wordings(k).some((w) => printedSet.has(normaliseText(w))), `${k.id} ${k.text}`).toBe(true);
      }
    }
  });

  it('prints a wording of every prompt it covers', () => {
    for (const id of seed.promptsOf) {
      for (const p of findStandard(fw, id)!.keyQuestions.flatMap((k) => k.prompts)) {
        expect(wordings(p).some((w) => printedSet.has(normaliseText(w))), `${p.id} ${p.text}`).toBe(true);
      }
    }
  });

  it('prints the prompts of each key question under it, in the order of their ids', () => {
    const seq = printed.map(normaliseText);
    for (const id of seed.promptsOf) {
      for (const k of findStandard(fw, id)!.keyQuestions) {
        const heading = new Set(wordings(k).map(normaliseText));
        const prompts = k.prompts.map((p) => new Set(wordings(p).map(normaliseText)));
        const printedInOrder = seq.some((q, at) => heading.has(q) && prompts.every((p, i) => p.has(seq[at + 1 + i] ?? '')));
        expect(printedInOrder, `${k.id} followed by ${k.prompts.map((p) => p.id).join(', ')}`).toBe(true);
      }
    }
  });

  it('prints a statement wording of every standard it covers', () => {
    for (const id of seed.statementsOf) {
      const s = findStandard(fw, id)!;
      expect(statementWordings(s).some((w) => wholeReport.includes(normaliseText(w))), `${id} ${s.statement}`).toBe(true);
    }
  });

  it('prints each standard name', () => {
    const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const s of fw.standards) {
      expect(wholeReport, `${s.id} ${s.name}`).toMatch(new RegExp(`${escape(s.id)}\\.? ${escape(normaliseText(s.name))}`));
    }
  });
});

describe('current wording is the latest report’s', () => {
  const printedIn = (file: string): Set<string> => new Set(extractQuestions(fixture(file)).map(normaliseText));

  it('2018: every key question and prompt reads as Stockton-on-Tees 2020 prints it', () => {
    const stockton = printedIn('stockton-on-tees-2020.txt');
    const fw = getFramework('2018');
    const stale = [...allKeyQuestions(fw), ...allPrompts(fw)].filter((i) => !stockton.has(normaliseText(i.text))).map((i) => i.id);
    expect(stale).toEqual([]);
  });

  it.each([
    ['2018', 'stockton-on-tees-2020.txt'],
    ['2021', 'stoke-on-trent-2022.txt'],
  ] as const)('%s: every statement reads as %s prints it', (version, file) => {
    const report = normaliseText(fixture(file).replace(/\s+/g, ' '));
    const stale = getFramework(version).standards.filter((s) => !report.includes(normaliseText(s.statement))).map((s) => s.id);
    expect(stale).toEqual([]);
  });

  it('2021: every domain 2 and 3 key question reads as Stoke-on-Trent 2022 prints it', () => {
    const stoke = printedIn('stoke-on-trent-2022.txt');
    const fw = getFramework('2021');
    const stale = caseAssessedStandards(fw).flatMap((s) => s.keyQuestions).filter((k) => !stoke.has(normaliseText(k.text))).map((k) => k.id);
    expect(stale).toEqual([]);
  });
});

describe('nothing invented', () => {
  const reports = SEEDS.map((s) => normaliseText(fixture(s.file).replace(/\s+/g, ' ')));
  const printedAnywhere = (w: string): boolean => reports.some((r) => r.includes(normaliseText(w)));

  it.each(BUILT_IN_FRAMEWORKS)('%s: every key question and prompt wording is printed in a report', (version) => {
    const fw = getFramework(version);
    const invented = [...allKeyQuestions(fw), ...allPrompts(fw)].flatMap((item) => wordings(item).filter((w) => !printedAnywhere(w)).map((w) => `${item.id}: ${w}`));
    expect(invented).toEqual([]);
  });

  it.each(BUILT_IN_FRAMEWORKS)('%s: every statement wording is printed in a report', (version) => {
    const invented = getFramework(version).standards.flatMap((s) => statementWordings(s).filter((w) => !printedAnywhere(w)).map((w) => `${s.id}: ${w}`));
    expect(invented).toEqual([]);
  });
});

describe('matching printed wordings', () => {
  it('matches current and older wordings up to typography', () => {
    const fw = getFramework('2021');
    const k = findKeyQuestion(fw, '2.2.2')!;
    expect(matchesWording(k, 'Does planning focus sufficiently on keeping the child or young  person safe?12')).toBe(true);
    expect(matchesWording(k, 'Does planning focus sufficiently on keeping other people safe?')).toBe(false);
  });

  it('finds a key question by wording only when it is unambiguous among the candidates', () => {
    const fw = getFramework('2018');
    const desistance = 'Does assessment sufficiently analyse how to support the child’s desistance?';
    expect(findByWording(allKeyQuestions(fw), desistance)).toBeUndefined(); // 2.1.1 and 3.1.1
    expect(findByWording(findStandard(fw, '3.1')!.keyQuestions, desistance)?.id).toBe('3.1.1');
    expect(findByWording(allPrompts(fw), 'Where applicable, is the rationale for joint disposal decisions appropriate and clearly recorded?')?.id).toBe('3.4.1.f');
    expect(findByWording(allPrompts(fw), 'Is it raining?')).toBeUndefined();
  });
});

describe('normaliseText', () => {
  it('ignores typography, markup, footnote markers and case', () => {
    expect(normaliseText('Does planning focus sufficiently on keeping the child \nsafe?11')).toBe('does planning focus sufficiently on keeping the child safe?');
    expect(normaliseText('the child’s “desistance”')).toBe(normaliseText('The child\'s "desistance"'));
    expect(normaliseText('high-\nquality')).toBe(normaliseText('high‑quality'));
    expect(normaliseText('well\u00adinformed – analytical')).toBe(normaliseText('wellinformed - analytical'));
    expect(normaliseText('<b>54%</b> safe?<sup>2</sup>')).toBe('54% safe?');
    expect(normaliseText('  out-of-court  ')).toBe('out of court');
  });

  const word = fc.stringMatching(/^[A-Za-z0-9(),/]{1,12}$/);
  const gap = fc.constantFrom(' ', '  ', '\n', ' \n', '\t', '\r\n ');

  it('is idempotent on printed-text alphabets', () => {
    const printedText = fc.stringMatching(/^[A-Za-z0-9 \n\t.,;:?!'"‘’“”()\/\-–—\u00ad]{0,80}$/);
    fc.assert(fc.property(printedText, (s) => normaliseText(normaliseText(s)) === normaliseText(s)), { numRuns: 5000 });
  });

  it('ignores how words are spaced and broken across lines, and which quotes and dashes are used', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(gap, { minLength: 12, maxLength: 12 }), (words, gaps) => {
        const plain = `${words.join(' ')} child's well-informed?`;
        const printed = `${words.map((w, i) => w + gaps[i]!).join('')}child’s well–\ninformed?12`;
        return normaliseText(printed) === normaliseText(plain);
      }),
    );
  });

  it('compares and searches in the normalised form', () => {
    expect(sameText('Is the child safe?11', 'is the  child safe?')).toBe(true);
    expect(sameText('Is the child safe?', 'Is the child or young person safe?')).toBe(false);
    expect(containsText('Of the 8 cases with factors related to keeping the \nchild safe: 8 7', 'factors related to keeping the child safe')).toBe(true);
    expect(containsText('anything', '  ')).toBe(false);
  });

  it('keeps real wording differences apart', () => {
    expect(normaliseText('the child or young person')).not.toBe(normaliseText('the child'));
    expect(normaliseText('parents/carers')).not.toBe(normaliseText('parents or carers'));
    expect(normaliseText('2.1.1. Does it?')).toBe('2.1.1. does it?');
    expect(normaliseText('Is it safe?9 Yes.')).toBe('is it safe? yes.');
  });
});
