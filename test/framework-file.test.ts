/**
 * Framework files: the two built-in files are what the code uses, rules included, and their sampling
 * sections agree with the sampler's fallback defaults; `checkFrameworkFile` refuses each kind of problem with its path; the hand-written YAML
 * example is accepted; schemas/framework-file.schema.json is generated from the code (UPDATE_SCHEMAS=1
 * rewrites it); and `yjinspect framework check` exits 0, 1 or 2 (needs `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  registeredFramework,
  BUILT_IN_FRAMEWORKS,
  RATINGS,
  checkFrameworkFile,
  frameworkFileJsonSchema,
  frameworkFromFile,
  getFramework,
} from '../src/core/framework/index.js';
import { DEFAULT_WINDOWS } from '../src/core/sampling/eligibility.js';
import { DEFAULT_SIZE_PARAMETERS } from '../src/core/sampling/size.js';
import { STRATIFIERS, VARIABLES } from '../src/core/sampling/classification.js';

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const readJson = (p: string): unknown => JSON.parse(readFileSync(root(p), 'utf8'));
const example = (): Record<string, any> => parse(readFileSync(root('frameworks/examples/ooc-audit.yaml'), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the built-in framework files', () => {
  it.each(BUILT_IN_FRAMEWORKS)('frameworks/%s.json is valid and is exactly the framework the code uses', (version) => {
    const result = checkFrameworkFile(readJson(`frameworks/${version}.json`));
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(frameworkFromFile(result.file)).toEqual(getFramework(version));
    expect(result.file).toEqual(registeredFramework(version)!.file);
  });

  it.each(BUILT_IN_FRAMEWORKS)('the %s framework carries its file\'s rules, and its sampling section is the sampler\'s fallback', (version) => {
    const { rating, sampling, labels } = registeredFramework(version)!.file;
    expect(getFramework(version).rating).toBe(rating);
    expect(getFramework(version).sampling).toBe(sampling);
    expect(getFramework(version).labels).toBe(labels);
    expect(rating.limits.map((l) => l.id)).toEqual(['governance-limit']);
    expect(sampling).toMatchObject({
      confidence: DEFAULT_SIZE_PARAMETERS.confidence,
      margin: DEFAULT_SIZE_PARAMETERS.margin,
      split: { court: DEFAULT_SIZE_PARAMETERS.courtShare },
      stratifiers: [...STRATIFIERS],
      windows: { court: DEFAULT_WINDOWS.court, outOfCourt: DEFAULT_WINDOWS.outOfCourt },
    });
  });

  it('is frozen as loaded', () => {
    const file = registeredFramework('2021')!.file;
    expect(Object.isFrozen(file.rating.thresholds)).toBe(true);
    expect(Object.isFrozen(file.standards[4]!.keyQuestions[0]!.prompts[0])).toBe(true);
    expect(Object.isFrozen(getFramework('2018').standards[4]!.keyQuestions[0]!.prompts[0])).toBe(true);
  });

  it('names the same stratifiers as the sampler', () => {
    const schema = frameworkFileJsonSchema() as { properties: { sampling: { properties: { stratifiers: { items: { enum: string[] } } } } } };
    expect(schema.properties.sampling.properties.stratifiers.items.enum).toEqual(VARIABLES.map((v) => v.id));
  });
});

describe('the worked example, frameworks/examples/ooc-audit.yaml', () => {
  it('is accepted, with its own 70% Good threshold', () => {
    const result = checkFrameworkFile(example());
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) {
      expect(result.file.rating.thresholds.Good).toBe(70);
      expect(result.file.version).toBe('ooc-audit-2026');
      // Fields a person leaves out get their defaults.
      expect(result.file.standards[0]!.keyQuestions[0]!.prompts[0]!.whereApplicable).toBe(false);
      expect(result.file.standards[0]!.statementVariants).toEqual([]);
    }
  });
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One kind of problem each: a change to the example, and the one problem it must give. */
const PROBLEMS: [string, (d: Doc) => void, string, RegExp][] = [
  ['a misspelt field', (d) => (d.standards[0].keyQuestions[0].prompts[2].wherApplicable = true), 'standards[0].keyQuestions[0].prompts[2].wherApplicable', /is not a field of the framework format: check its spelling/],
  ['a missing field', (d) => delete d.standards[0].statement, 'standards[0].statement', /is missing/],
  ['a field of the wrong kind', (d) => (d.standards[1].kind = 'case assessed'), 'standards[1].kind', /must be one of "case-assessed", "judgement"/],
  ['an id YAML read as a number', (d) => (d.standards[0].id = 1.1), 'standards[0].id', /must be text, not the number 1.1: put it in quotes/],
  ['an unknown sub-sample', (d) => (d.standards[0].keyQuestions[1].subSample = 'some'), 'standards[0].keyQuestions[1].subSample', /must be one of/],
  ['a duplicate domain', (d) => d.domains.push({ id: 3, name: 'Again' }), 'domains[1].id', /domain 3 is defined more than once/],
  ['a duplicate standard id', (d) => (d.standards[1] = { ...d.standards[1], id: '3.1', keyQuestions: [] , kind: 'judgement' }), 'standards[1].id', /standard id 3.1 is already used at standards\[0\]\.id/],
  [
    'a duplicate prompt id',
    (d) => d.standards[0].keyQuestions[0].prompts.push({ id: '3.1.1.a', text: 'Again?' }),
    'standards[0].keyQuestions[0].prompts[3].id',
    /prompt id 3.1.1.a is already used at standards\[0\]\.keyQuestions\[0\]\.prompts\[0\]\.id/,
  ],
  ['a prompt id not under its key question', (d) => (d.standards[1].keyQuestions[0].prompts[1].id = '3.1.1.z'), 'standards[1].keyQuestions[0].prompts[1].id', /prompt 3.1.1.z is not under its key question 3.2.1/],
  ['a prompt naming another key question', (d) => (d.standards[0].keyQuestions[1].prompts[0].keyQuestion = '3.1.1'), 'standards[0].keyQuestions[1].prompts[0].keyQuestion', /names key question 3.1.1 but sits under 3.1.2/],
  [
    'a key question not under its standard',
    (d) => {
      d.standards[1].keyQuestions[1].id = '3.1.9';
      d.standards[1].keyQuestions[1].prompts[0].id = '3.1.9.a';
    },
    'standards[1].keyQuestions[1].id',
    /key question 3.1.9 is not under its standard 3.2/,
  ],
  ['a key question naming another standard', (d) => (d.standards[0].keyQuestions[0].standard = '3.2'), 'standards[0].keyQuestions[0].standard', /names standard 3.2 but sits under 3.1/],
  ['a standard in an unknown domain', (d) => (d.standards[1].domain = 4), 'standards[1].domain', /in domain 4, which the domains list does not define/],
  ['a standard numbered outside its domain', (d) => d.domains.push({ id: 2, name: 'Other' }) && (d.standards[1].domain = 2), 'standards[1].id', /should be numbered within its domain, as 2\./],
  ['a judgement standard asked of cases', (d) => (d.standards[1].kind = 'judgement') && d.standards[1].keyQuestions.pop(), 'standards[1].keyQuestions[0].subSample', /judgement standard 3.2 must be answered from evidence/],
  ['a case-assessed key question from evidence', (d) => (d.standards[0].keyQuestions[1].subSample = 'evidence'), 'standards[0].keyQuestions[1].subSample', /must be answered from cases/],
  ['a case-assessed standard in a domain without cases', (d) => d.domains.push({ id: 1, name: 'Leadership' }) && (d.standards[1] = { ...d.standards[1], id: '1.2', domain: 1, keyQuestions: [] }) && (d.standards[1].keyQuestions = [{ id: '1.2.1', text: 'Is it led well?', subSample: 'all', subSampleLabel: 'cases', prompts: [{ id: '1.2.1.a', text: 'Is it?' }] }]), 'standards[1].domain', /cases belong to domain 2 \(court disposals\), 3 \(out-of-court disposals\) or 4/],
  ['a case-assessed standard without key questions', (d) => (d.standards[1].keyQuestions = []), 'standards[1].keyQuestions', /needs at least one key question/],
  ['"Where applicable" not marked', (d) => (d.standards[0].keyQuestions[0].prompts[2].whereApplicable = false), 'standards[0].keyQuestions[0].prompts[2].whereApplicable', /reads "Where applicable"/],
  ['a wording given twice', (d) => (d.standards[0].keyQuestions[1].variants = [d.standards[0].keyQuestions[1].text]), 'standards[0].keyQuestions[1].variants[0]', /lists the wording .* twice/],
  ['thresholds not increasing', (d) => (d.rating.thresholds.Good = 45), 'rating.thresholds', /thresholds must increase/],
  ['a threshold above 100', (d) => (d.rating.thresholds.Outstanding = 120), 'rating.thresholds.Outstanding', /from 0 to 100/],
  ['scores not increasing', (d) => (d.rating.score.Good = 1), 'rating.score', /scores must increase/],
  ['a score maximum that the counted standards do not give', (d) => (d.standards[1].counted = false), 'rating.maxScore', /1 standards are counted at up to 3 each, so the score maximum is 3, not 6/],
  ['a counted-standards list that disagrees', (d) => (d.rating.countedStandards = ['3.1']), 'rating.countedStandards', /standard 3.2 is marked counted but is not listed/],
  ['a gap in the overall bands', (d) => (d.rating.overall[2].to = 4), 'rating.overall[3].from', /score 5 has no overall rating \(a gap before Outstanding\)/],
  ['overlapping overall bands', (d) => (d.rating.overall[1].to = 4), 'rating.overall[2].from', /Good starts at 4, overlapping the band before, which ends at 4/],
  ['overall bands short of the maximum', (d) => d.rating.overall.pop(), 'rating.overall', /end at 5 but must end at the score maximum, 6/],
  ['overall bands out of order', (d) => ([d.rating.overall[2].rating, d.rating.overall[3].rating] = ['Outstanding', 'Good']), 'rating.overall[3].rating', /from the lowest rating to the highest/],
  ['discretion points out of range', (d) => (d.rating.discretion.withinPoints = 15), 'rating.discretion.withinPoints', /15 points is out of range: it must be below the smallest gap between thresholds \(15\)/],
  ['discretion points not positive', (d) => (d.rating.discretion.withinPoints = 0), 'rating.discretion.withinPoints', /above 0/],
  ['discretion cases not a whole number', (d) => (d.rating.discretion.casesOrFewer = 2.5), 'rating.discretion.casesOrFewer', /whole number/],
  ['discretion cases out of range', (d) => (d.rating.discretion.casesOrFewer = 0), 'rating.discretion.casesOrFewer', /1 or more/],
  [
    'a limiting rule on an unknown standard',
    (d) => (d.rating.limits = [{ id: 'safety-limit', standard: '3.9', atMost: 'Good', when: { domains: [3], ratedAtLeast: 'Good', shareBelow: 0.5 } }]),
    'rating.limits[0].standard',
    /limiting rule safety-limit names standard 3.9, which is not defined/,
  ],
  [
    'a limiting rule over an unknown domain',
    (d) => (d.rating.limits = [{ id: 'safety-limit', standard: '3.1', atMost: 'Good', when: { domains: [3, 4], ratedAtLeast: 'Good', shareBelow: 0.5 } }]),
    'rating.limits[0].when.domains[1]',
    /names domain 4, which the domains list does not define/,
  ],
  ['a sampling split not adding up to 100', (d) => (d.sampling.split.court = 10), 'sampling.split', /must add up to 100/],
  ['a sampling window backwards', (d) => (d.sampling.windows.outOfCourt = { from: 4, to: 1 }), 'sampling.windows.outOfCourt', /from must not be above to/],
  ['an unknown stratifier', (d) => d.sampling.stratifiers.push('postcode'), 'sampling.stratifiers[2]', /must be one of/],
];

describe('checkFrameworkFile refuses each kind of problem, naming its path', () => {
  it.each(PROBLEMS)('%s', (_, change, path, message) => {
    const doc = example();
    change(doc);
    const result = checkFrameworkFile(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('names every problem, not only the first', () => {
    const doc = example();
    doc.rating.thresholds.Good = 45;
    doc.standards[1].domain = 4;
    doc.sampling.split.court = 10;
    const result = checkFrameworkFile(doc);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['standards[1].domain', 'rating.thresholds', 'sampling.split']);
  });

  it('refuses something that is not a framework at all', () => {
    expect(checkFrameworkFile('2018')).toEqual({ ok: false, problems: [{ path: '(top level)', message: expect.any(String) }] });
  });
});

describe('schemas/framework-file.schema.json', () => {
  const file = root('schemas/framework-file.schema.json');
  it('is the schema generated from the code', () => {
    const text = `${JSON.stringify(frameworkFileJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const schema = JSON.parse(text) as { required: string[]; properties: { rating: { properties: { score: { required: string[] } } } } };
    expect(schema.required).toEqual(['version', 'title', 'appliesTo', 'domains', 'standards', 'rating']);
    expect(schema.properties.rating.properties.score.required).toEqual([...RATINGS]);
  });
});

describe('yjinspect framework check', () => {
  const bin = root('bin/yjinspect');
  const check = (file: string) => spawnSync(bin, ['framework', 'check', file], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'yjinspect-framework-'));

  it('exits 0 with a one-line summary for the built-in files and the YAML example', () => {
    const r = check(root('frameworks/examples/ooc-audit.yaml'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Quarterly out-of-court disposal audit (2026): 1 domain, 2 standards, 4 key questions, 7 prompts; valid\n');
    const b = check(root('frameworks/2021.json'));
    expect(b.status).toBe(0);
    expect(b.stdout).toBe('HM Inspectorate of Probation standards for youth offending services (2021): 4 domains, 13 standards, 35 key questions, 85 prompts; valid\n');
  });

  it('exits 1 naming every problem with its path, and its line', () => {
    const text = readFileSync(root('frameworks/examples/ooc-audit.yaml'), 'utf8').replace('Good: 70', 'Good: 45').replace("id: '3.1.2.a'", "id: '3.1.1.z'");
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, text);
    const r = check(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${file} is not a valid framework file: 2 problems\n` +
        '  standards[0].keyQuestions[1].prompts[0].id (line 40): prompt 3.1.1.z is not under its key question 3.1.2: its id should start 3.1.2.\n' +
        '  rating.thresholds (line 70): thresholds must increase above 0: Requires improvement (50) < Good (45) < Outstanding (85)\n',
    );
    const doc = example();
    delete doc.standards[1].statement;
    const json = join(dir, 'broken.json');
    const jsonText = JSON.stringify(doc, null, 2);
    writeFileSync(json, jsonText);
    const j = check(json);
    expect(j.status).toBe(1);
    // A missing field: the line where the object that lacks it starts.
    const opening = jsonText.split('\n').findIndex((l) => l.includes('"id": "3.2"'));
    expect(j.stderr).toContain(`  standards[1].statement (line ${opening}): is missing\n`);
  });

  it('exits 2 for a file it cannot read or parse, and for wrong use', () => {
    const missing = check(join(dir, 'none.yaml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const yaml = join(dir, 'bad.yaml');
    writeFileSync(yaml, 'title: [not closed\n');
    const bad = check(yaml);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/is not valid YAML: .*line/);
    const json = join(dir, 'bad.json');
    writeFileSync(json, '{"title": ');
    expect(check(json).stderr).toContain('is not valid JSON');
    expect(spawnSync(bin, ['framework'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(bin, ['framework', 'lint', 'x.yaml'], { encoding: 'utf8' }).stderr).toContain("unknown subcommand 'lint'");
  });

  it('is listed in the help', () => {
    expect(spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout).toContain('yjinspect framework check FILE.json|FILE.yaml');
  });
});
