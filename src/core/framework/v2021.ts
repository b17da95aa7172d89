/**
 * The 2021 framework, used in inspections published from late 2021 (e.g. Stoke-on-Trent 2022).
 * Domains 1, 2 and 3.1–3.3 keep the 2018 key questions and prompts (see questions.ts for why the
 * 2018 prompt set stands for 2021); 3.4 becomes "Out-of-court disposal policy and provision", a
 * judgement; a fourth area, 4.1 "Resettlement policy and provision", is rated but not counted, so
 * the score still runs over twelve standards (0–36). Statements are worded as in Stoke 2022; the
 * 2018 reports' wordings are kept as variants. The report prints no key questions for 3.4 and 4.1,
 * so none are defined: they are judged from documents, meetings and interviews (and, for 4.1,
 * custody cases as illustration).
 */
import { deepFreeze, standard } from './build.js';
import * as q from './questions.js';
import type { Framework } from './types.js';

export const FRAMEWORK_2021: Framework = deepFreeze({
  version: '2021',
  title: 'HM Inspectorate of Probation standards for youth offending services (2021)',
  appliesTo: 'Inspections of youth offending services published from late 2021',
  domains: [
    { id: 1, name: 'Organisational delivery' },
    { id: 2, name: 'Court disposals' },
    { id: 3, name: 'Out-of-court disposals' },
    { id: 4, name: 'Resettlement' },
  ],
  standards: [
    standard({
      id: '1.1',
      domain: 1,
      name: 'Governance and leadership',
      statement: 'The governance and leadership of the YOS supports and promotes the delivery of a high-quality, personalised and responsive service for all children.',
      statementVariants: [
        'The governance and leadership of the YOT supports and promotes the delivery of a high-quality, personalised and responsive service for all children.',
        'The governance and leadership of the YOT supports and promotes the delivery of a high-quality, personalised and responsive service for all children and young people.',
      ],
      kind: 'judgement',
      counted: true,
      keyQuestions: q.GOVERNANCE_AND_LEADERSHIP,
    }),
    standard({
      id: '1.2',
      domain: 1,
      name: 'Staff',
      statement: 'Staff within the YOS are empowered to deliver a high-quality, personalised and responsive service for all children.',
      statementVariants: [
        'Staff within the YOT are empowered to deliver a high-quality, personalised and responsive service for all children.',
      ],
      kind: 'judgement',
      counted: true,
      keyQuestions: q.STAFF,
    }),
    standard({
      id: '1.3',
      domain: 1,
      name: 'Partnerships and services',
      statement: 'A comprehensive range of high-quality services is in place, enabling personalised and responsive provision for all children.',
      statementVariants: [
        'A comprehensive range of high-quality services is in place, enabling personalised and responsive provision for all children and young people.',
      ],
      kind: 'judgement',
      counted: true,
      keyQuestions: q.PARTNERSHIPS_AND_SERVICES,
    }),
    standard({
      id: '1.4',
      domain: 1,
      name: 'Information and facilities',
      statement: 'Timely and relevant information is available and appropriate facilities are in place to support a high-quality, personalised and responsive approach for all children.',
      statementVariants: [
        'Timely and relevant information is available and appropriate facilities are in place to support a high-quality, personalised and responsive approach for all children and young people.',
      ],
      kind: 'judgement',
      counted: true,
      keyQuestions: q.INFORMATION_AND_FACILITIES,
    }),
    standard({
      id: '2.1',
      domain: 2,
      name: 'Assessment',
      statement: 'Assessment is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      statementVariants: [
        'Assessment is well informed, analytical and personalised, actively involving the child and their parents/carers.',
        'Assessment is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_ASSESSMENT,
    }),
    standard({
      id: '2.2',
      domain: 2,
      name: 'Planning',
      statement: 'Planning is well-informed, holistic and personalised, actively involving the child and their parents or carers.',
      statementVariants: [
        'Planning is well informed, holistic and personalised, actively involving the child and their parents and carers.',
        'Planning is well-informed, holistic and personalised, actively involving the child or young person and their parents/carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_PLANNING,
    }),
    standard({
      id: '2.3',
      domain: 2,
      name: 'Implementation and delivery',
      statement: 'High-quality, well-focused, personalised and coordinated services are delivered, engaging and assisting the child.',
      statementVariants: [
        'High-quality, well-focused, personalised and coordinated services are delivered, engaging and assisting the child or young person.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_IMPLEMENTATION_AND_DELIVERY,
    }),
    standard({
      id: '2.4',
      domain: 2,
      name: 'Reviewing',
      statement: 'Reviewing of progress is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      statementVariants: [
        'Reviewing of progress is well informed, analytical and personalised, actively involving the child and their parents and carers.',
        'Reviewing of progress is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_REVIEWING,
    }),
    standard({
      id: '3.1',
      domain: 3,
      name: 'Assessment',
      statement: 'Assessment is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      statementVariants: [
        'Assessment is well informed, analytical and personalised, actively involving the child and their parents and carers.',
        'Assessment is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.OUT_OF_COURT_ASSESSMENT,
    }),
    standard({
      id: '3.2',
      domain: 3,
      name: 'Planning',
      statement: 'Planning is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      statementVariants: [
        'Planning is well informed, analytical and personalised, actively involving the child and their parents and carers.',
        'Planning is well-informed, holistic and personalised, actively involving the child or young person and their parents/carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.OUT_OF_COURT_PLANNING,
    }),
    standard({
      id: '3.3',
      domain: 3,
      name: 'Implementation and delivery',
      statement: 'High-quality, well-focused, personalised and coordinated services are delivered, engaging and assisting the child.',
      statementVariants: [
        'High-quality, well-focused, personalised and coordinated services are delivered, engaging and assisting the child or young person.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.OUT_OF_COURT_IMPLEMENTATION_AND_DELIVERY,
    }),
    standard({
      id: '3.4',
      domain: 3,
      name: 'Out-of-court disposal policy and provision',
      statement: 'There is a high-quality, evidence-based out-of-court disposal service in place that promotes diversion and supports sustainable desistance.',
      kind: 'judgement',
      counted: true,
      keyQuestions: [],
    }),
    standard({
      id: '4.1',
      domain: 4,
      name: 'Resettlement policy and provision',
      statement: 'There is a high-quality, evidence-based resettlement service for children leaving custody.',
      kind: 'judgement',
      // "The rating for resettlement does not influence the overall YOS rating." (Stoke 2022)
      counted: false,
      keyQuestions: [],
    }),
  ],
});
