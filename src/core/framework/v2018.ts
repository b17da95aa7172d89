/**
 * The 2018 framework, used in youth offending service inspections from 2018 to 2021 (e.g. South Tees
 * 2019, Stockton-on-Tees 2020): three domains, twelve rated standards, all counted; 3.4 Joint working
 * is case-assessed. Statements are worded as in Stockton 2020, the latest report to print them;
 * South Tees's "child or young person" wording and Stoke's later wording are kept as variants.
 */
import { deepFreeze, standard } from './build.js';
import * as q from './questions.js';
import type { Framework } from './types.js';

export const FRAMEWORK_2018: Framework = deepFreeze({
  version: '2018',
  title: 'HM Inspectorate of Probation standards for youth offending services (2018)',
  appliesTo: 'Inspections of youth offending services published from 2018 to 2021',
  domains: [
    { id: 1, name: 'Organisational delivery' },
    { id: 2, name: 'Court disposals' },
    { id: 3, name: 'Out-of-court disposals' },
  ],
  standards: [
    standard({
      id: '1.1',
      domain: 1,
      name: 'Governance and leadership',
      statement: 'The governance and leadership of the YOT supports and promotes the delivery of a high-quality, personalised and responsive service for all children.',
      statementVariants: [
        'The governance and leadership of the YOT supports and promotes the delivery of a high-quality, personalised and responsive service for all children and young people.',
        'The governance and leadership of the YOS supports and promotes the delivery of a high-quality, personalised and responsive service for all children.',
      ],
      kind: 'judgement',
      counted: true,
      keyQuestions: q.GOVERNANCE_AND_LEADERSHIP,
    }),
    standard({
      id: '1.2',
      domain: 1,
      name: 'Staff',
      statement: 'Staff within the YOT are empowered to deliver a high-quality, personalised and responsive service for all children.',
      statementVariants: [
        'Staff within the YOS are empowered to deliver a high-quality, personalised and responsive service for all children.',
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
      statement: 'Assessment is well informed, analytical and personalised, actively involving the child and their parents/carers.',
      statementVariants: [
        'Assessment is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
        'Assessment is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_ASSESSMENT,
    }),
    standard({
      id: '2.2',
      domain: 2,
      name: 'Planning',
      statement: 'Planning is well informed, holistic and personalised, actively involving the child and their parents and carers.',
      statementVariants: [
        'Planning is well-informed, holistic and personalised, actively involving the child or young person and their parents/carers.',
        'Planning is well-informed, holistic and personalised, actively involving the child and their parents or carers.',
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
      statement: 'Reviewing of progress is well informed, analytical and personalised, actively involving the child and their parents and carers.',
      statementVariants: [
        'Reviewing of progress is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
        'Reviewing of progress is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.COURT_REVIEWING,
    }),
    standard({
      id: '3.1',
      domain: 3,
      name: 'Assessment',
      statement: 'Assessment is well informed, analytical and personalised, actively involving the child and their parents and carers.',
      statementVariants: [
        'Assessment is well-informed, analytical and personalised, actively involving the child or young person and their parents/carers.',
        'Assessment is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
      ],
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.OUT_OF_COURT_ASSESSMENT,
    }),
    standard({
      id: '3.2',
      domain: 3,
      name: 'Planning',
      // Stockton and Stoke say "analytical" for out-of-court planning; South Tees "holistic", as for 2.2.
      statement: 'Planning is well informed, analytical and personalised, actively involving the child and their parents and carers.',
      statementVariants: [
        'Planning is well-informed, holistic and personalised, actively involving the child or young person and their parents/carers.',
        'Planning is well-informed, analytical and personalised, actively involving the child and their parents or carers.',
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
      name: 'Joint working',
      statement: 'Joint working with the police supports the delivery of high-quality, personalised and coordinated services.',
      kind: 'case-assessed',
      counted: true,
      keyQuestions: q.JOINT_WORKING,
    }),
  ],
});
