/**
 * The demo: an entirely fictional service and inspection (2018 framework, fieldwork under way) with a full
 * sample of 24 court and 16 out-of-court cases, answers, domain 1 evidence and judgements, and one account
 * per role. Loaded on first start only; the numbers come from a seeded generator, so every demo is alike.
 */
import { randomBytes } from 'node:crypto';
import { getFramework, type KeyQuestionDef, type StandardDef } from '../core/framework/index.js';
import type { Services, User } from '../app/index.js';
import type { Store } from '../store/index.js';

export interface DemoAccount {
  readonly email: string;
  readonly role: string;
}

export interface DemoResult {
  readonly inspectionId: string;
  readonly password: string;
  readonly accounts: readonly DemoAccount[];
}

export const DEMO_ACCOUNTS = [
  { key: 'admin', email: 'admin@demo.example.org', name: 'Sam Admin (site administrator)', role: null },
  { key: 'lead', email: 'lead@demo.example.org', name: 'Alex Lead (lead inspector)', role: 'lead-inspector' },
  { key: 'inspector', email: 'inspector@demo.example.org', name: 'Jordan Inspector', role: 'inspector' },
  { key: 'assessor', email: 'assessor@demo.example.org', name: 'Casey Assessor (local assessor)', role: 'local-assessor' },
  { key: 'panel', email: 'panel@demo.example.org', name: 'Robin Panel (ratings panel)', role: 'panel-member' },
  { key: 'readonly', email: 'readonly@demo.example.org', name: 'Morgan Reader (read-only)', role: 'read-only' },
] as const;

/** A small seeded generator (mulberry32): the same demo every time. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}

export async function hasData(store: Store): Promise<boolean> {
  const rows = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM inspections`);
  return rows[0]!.n > 0;
}

interface DemoCase {
  ref: string;
  domain: 2 | 3;
  disposalType: string;
  riskOfSeriousHarm: string;
  safetyAndWellbeing: string;
  childSafetyFactors: boolean;
  othersSafetyFactors: boolean;
}

/** Is this case in the key question's sub-sample? */
function inSubSample(kq: KeyQuestionDef, c: DemoCase, rnd: () => number): boolean {
  switch (kq.subSample) {
    case 'all':
      return true;
    case 'safety-and-wellbeing':
      return c.childSafetyFactors;
    case 'risk-of-harm':
      return c.othersSafetyFactors;
    case 'changed-desistance':
      return rnd() < 0.75;
    case 'changed-safety':
      return c.childSafetyFactors && rnd() < 0.6;
    case 'changed-risk-of-harm':
      return c.othersSafetyFactors && rnd() < 0.5;
    case 'youth-conditional-caution':
      return c.disposalType === 'youth-conditional-caution';
    case 'evidence':
      return false;
  }
}

/** Answers for one case: key questions in or out of their sub-sample, prompts consistent with them. */
function answersFor(standards: readonly StandardDef[], c: DemoCase, quality: number, rnd: () => number) {
  const answers: { questionId: string; answer: 'yes' | 'no' | 'not-relevant'; note: string | null; version: 0 }[] = [];
  for (const s of standards) {
    // Some standards are done better than others in this fictional service.
    const strength = quality + (({ '2.4': -0.2, '3.2': -0.1, '2.1': 0.08 } as Record<string, number>)[s.id] ?? 0);
    for (const kq of s.keyQuestions) {
      if (!inSubSample(kq, c, rnd)) {
        answers.push({ questionId: kq.id, answer: 'not-relevant', note: null, version: 0 });
        for (const p of kq.prompts) answers.push({ questionId: p.id, answer: 'not-relevant', note: null, version: 0 });
        continue;
      }
      const yes = rnd() < strength;
      answers.push({
        questionId: kq.id,
        answer: yes ? 'yes' : 'no',
        note: rnd() < 0.25 ? (yes ? 'Clear evidence in the case record and the case manager interview.' : 'Gaps found: see the case manager interview notes.') : null,
        version: 0,
      });
      for (const p of kq.prompts) {
        const answer = p.whereApplicable && rnd() < 0.3 ? 'not-relevant' : rnd() < (yes ? 0.85 : 0.35) ? 'yes' : 'no';
        answers.push({ questionId: p.id, answer, note: null, version: 0 });
      }
    }
  }
  return answers;
}

/** Load the demo into an empty database. Returns the sign-in details to print once. */
export async function loadDemo(services: Services, options: { password?: string } = {}): Promise<DemoResult> {
  const password = options.password ?? `demo-${randomBytes(9).toString('base64url')}`;
  const fw = getFramework('2018');
  const rnd = generator(2018);

  const ids = {} as Record<(typeof DEMO_ACCOUNTS)[number]['key'], string>;
  for (const a of DEMO_ACCOUNTS) {
    const acc = await services.accounts.create(null, { email: a.email, displayName: a.name, password, isAdmin: a.key === 'admin' });
    ids[a.key] = acc.id;
  }
  const service = await services.inspections.createService(null, { name: 'Riverford Youth Justice Service (fictional)' });
  const { id: inspectionId } = await services.inspections.create(null, {
    serviceId: service.id,
    title: 'Inspection of youth justice services in Riverford',
    frameworkVersion: '2018',
    fieldworkStart: '2026-11-09',
    fieldworkEnd: '2026-11-20',
  });
  for (const a of DEMO_ACCOUNTS) {
    if (a.role) await services.accounts.grantRole(null, inspectionId, { accountId: ids[a.key], role: a.role });
  }
  const users = async (key: keyof typeof ids): Promise<User> => (await services.accounts.loadUser(ids[key]))!;
  const lead = await users('lead');
  const assessors = [await users('lead'), await users('inspector'), await users('assessor')];

  const court = [['referral-order', 10], ['youth-rehabilitation-order', 9], ['detention-and-training-order', 3], ['licence', 2]] as const;
  const outOfCourt = [['youth-caution', 5], ['youth-conditional-caution', 6], ['community-resolution', 5]] as const;
  const cases: (DemoCase & { id: string; assessor: User })[] = [];
  for (let i = 0; i < 40; i++) {
    const domain = i < 24 ? 2 : 3;
    const ref = domain === 2 ? `RC${String(i + 1).padStart(2, '0')}` : `RO${String(i - 23).padStart(2, '0')}`;
    const riskOfSeriousHarm = pick(rnd, [['low', 4], ['medium', 4], ['high', 2], ['very-high', 0.4]] as const);
    const safetyAndWellbeing = pick(rnd, [['low', 3], ['medium', 4], ['high', 3], ['very-high', 0.5]] as const);
    const c: DemoCase = {
      ref,
      domain,
      disposalType: pick(rnd, domain === 2 ? court : outOfCourt),
      riskOfSeriousHarm,
      safetyAndWellbeing,
      childSafetyFactors: safetyAndWellbeing !== 'low' || rnd() < 0.3,
      // The reports leave out cases where the inspector judged risk of serious harm to be low.
      othersSafetyFactors: riskOfSeriousHarm !== 'low',
    };
    const assessor = assessors[i % assessors.length]!;
    const created = await services.cases.create(lead, inspectionId, {
      ...c,
      gender: pick(rnd, [['male', 8], ['female', 2]] as const),
      ageBand: pick(rnd, [['10-14', 2], ['15-17', 8]] as const),
      ethnicity: pick(rnd, [['white', 7], ['black', 1], ['asian', 1], ['mixed', 1]] as const),
      assessorId: assessor.id,
    });
    cases.push({ ...c, id: created.id, assessor });
  }
  await services.inspections.setPhase(lead, inspectionId, { phase: 'fieldwork', version: 1 });

  const standardsFor = (domain: number) => fw.standards.filter((s) => s.domain === domain && s.kind === 'case-assessed');
  const inspector = await users('inspector');
  for (const [i, c] of cases.entries()) {
    // Most cases assessed; a few in progress; the last of each domain not started.
    const stage = i === 23 || i === 39 ? 'none' : i % 9 === 4 ? 'partial' : 'full';
    if (stage === 'none') continue;
    let answers = answersFor(standardsFor(c.domain), c, 0.78, rnd);
    if (stage === 'partial') answers = answers.slice(0, Math.ceil(answers.length / 2));
    const saved = await services.cases.saveAnswers(c.assessor, c.id, { answers });
    if (stage === 'full') {
      const submitted = await services.cases.transition(c.assessor, c.id, { action: 'submit', version: saved.caseVersion });
      if (i % 3 !== 2) {
        const qa = c.assessor.id === inspector.id ? lead : inspector;
        await services.cases.transition(qa, c.id, { action: 'quality-assure', version: submitted.version });
      }
    }
  }

  const evidence = [
    ['document', 'Youth justice plan 2026–2027', '2026-10-12', '1.1', 'Sets a clear vision with priorities linked to the partnership’s needs analysis; performance reporting to the board is detailed.'],
    ['meeting', 'Management board meeting with partners', '2026-11-10', '1.1', 'Board members could describe the service’s priorities; education and health attendance is consistent.'],
    ['survey', 'Staff and volunteer survey (31 responses)', '2026-10-28', '1.2', 'Most staff feel supported and have manageable workloads; some want more training on risk of harm.'],
    ['interview', 'Case manager interviews (12)', '2026-11-12', '1.2', 'Case managers value supervision; management oversight was judged effective in most inspected cases.'],
    ['meeting', 'Partnerships meeting: health, education, police, children’s social care', '2026-11-11', '1.3', 'Speech and language provision is embedded; access to emotional health support has waiting times.'],
    ['document', 'Information sharing agreements and policies', '2026-10-12', '1.4', 'Policies are current; the case management system makes it hard to record contingency plans.'],
    ['interview', 'Interview with the head of service', '2026-11-09', '1.1', 'Clear understanding of strengths and gaps; plans to improve out-of-court disposal planning.'],
    ['document', 'Out-of-court disposal policy and joint decision-making panel terms of reference', '2026-10-12', null, 'Panel meets weekly; police and YOS share decisions; youth conditional caution conditions are reviewed.'],
  ] as const;
  for (const [kind, what, occurredOn, standardId, summary] of evidence) {
    await services.domain1.addEvidence(lead, inspectionId, { kind, what, occurredOn, standardId, summary });
  }
  const judgements = [
    ['1.1', 'Good', 'The board’s vision and priorities are clear and partners are committed; oversight of performance is strong.'],
    ['1.2', 'Good', 'Staff are motivated and well supported; training on risk of harm should be extended.'],
    ['1.3', 'Requires improvement', 'Access to emotional and mental health support is too slow for many children.'],
    ['1.4', 'Good', 'Policies and premises support good work; recording contingency plans is hampered by the case system.'],
  ] as const;
  for (const [standardId, rating, rationale] of judgements) {
    await services.domain1.recordJudgement(lead, inspectionId, standardId, { rating, rationale, version: 0 });
  }
  await services.recommendations.add(lead, inspectionId, {
    addressee: 'The Riverford youth justice service should:',
    text: 'make sure that planning sets out contingency arrangements for keeping the child and other people safe.',
  });
  await services.recommendations.add(lead, inspectionId, {
    addressee: 'The Riverford youth justice partnership board should:',
    text: 'reduce waiting times for emotional and mental health support for children supervised by the service.',
  });
  // What a lead has usually drafted by fieldwork: the background, the contextual facts and the methodology
  // figures. Findings and narratives come after the panel, so they are left for the demo user to write.
  const sections: [string, unknown][] = [
    ['background', [
      'Riverford is a fictional unitary authority used for demonstration; every figure about it here is invented.',
      'The youth justice service sits within children’s services and is overseen by a partnership board chaired by the director of children’s services.',
    ]],
    ['contextual-facts', {
      population: [{ label: 'Total population of Riverford (fictional)', value: 203000 }, { label: 'Youth population (10–17 years) of Riverford (fictional)', value: 20100 }],
      demographics: [
        { dimension: 'Age', categories: [{ label: '10–14', local: 24, national: 23 }, { label: '15–17', local: 76, national: 77 }] },
        { dimension: 'Gender', categories: [{ label: 'Male', local: 84, national: 85 }, { label: 'Female', local: 16, national: 15 }] },
      ],
      caseload: [{ label: 'Community sentences', count: 31 }, { label: 'Custody', count: 3 }, { label: 'Out-of-court disposals', count: 27 }],
      staffing: { headcount: 38, fte: 33.5, averageCaseload: 7 },
      sources: ['Invented for the yjinspect demonstration.'],
    }],
    // The demo has no sampling plan to take these from; its sample was sized for them.
    ['methodology', {
      confidenceLevel: 80,
      marginOfError: 5,
      meetings: 11,
      interviews: [{ label: 'Case managers', count: 12 }, { label: 'Children', count: 5 }],
      windows: { court: 'disposals that began six to nine months before the fieldwork', outOfCourt: 'disposals that began three to five months before the fieldwork' },
    }],
  ];
  for (const [section, body] of sections) await services.reportText.save(lead, inspectionId, { section, body, version: 0 });

  return { inspectionId, password, accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role ?? 'site administrator' })) };
}
