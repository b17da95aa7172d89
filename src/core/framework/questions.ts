/**
 * Key questions and prompts shared by the 2018 and 2021 frameworks, worded as printed.
 *
 * Sources: the Stockton-on-Tees 2020 report (2018 framework) prints every domain 1 key question and,
 * for domains 2 and 3, every key question with its prompts and counts; the South Tees 2019 report
 * (2018 framework) prints all key questions in its annex in the older "child or young person" wording;
 * the Stoke-on-Trent 2022 report (2021 framework) prints the domain 2 and 3 key questions only.
 * `text` is the wording of the latest report that prints the item (its key-question table where a
 * report is inconsistent); every other printed wording is a variant.
 *
 * The 2021 framework's prompts are not printed in Stoke (percent tables only). Its key questions are
 * worded exactly as Stockton's, so the 2018 prompt set — already in the "child" wording the 2021
 * framework uses — stands for 2021 too. Domain 1 key questions are not printed in Stoke either: the
 * Stockton wording is used for both versions.
 *
 * Sub-samples follow the printed denominators, not the summary in docs/framework.md: the assessment
 * questions on keeping the child and other people safe (x.1.2, x.1.3) count every case inspected
 * (Stockton: "Of the 8 cases inspected", 8 relevant of 8; "Of the 5 cases inspected", 5 of 5 although only
 * 4 and 3 cases had such factors; South Tees's and Stoke's percentages fit the whole sample too), while
 * planning and delivery carry the footnote "This question is only relevant in cases where there are
 * factors related to keeping the child safe / other people safe". Reviewing counts only cases where
 * the relevant factors changed ("Of the 5 cases where there were changes in factors related to
 * desistance"); 3.4.2 (2018) only youth conditional cautions.
 *
 * Misprints in the reports, deliberately not kept as variants:
 * - Stockton 2.3 key-question table: "…effectively support the safety of the child safe?" (its own
 *   prompt heading and every other report say "…the safety of the child?").
 * - South Tees's summary ratings table calls 3.4 "Reviewing"; its annex and body say "Joint working".
 * - South Tees's annex cuts the start off the statements of several standards ("promo otes the
 *   delivery…"); the body prints them whole.
 * - Stockton's annex says "Each of the 10 standards … 0-30 scale" beside the 0–36 bands (12 standards).
 */
import type { KeyQuestionSpec } from './build.js';

export const LABEL = {
  all: 'cases inspected',
  safety: 'cases with factors related to keeping the child safe',
  riskOfHarm: 'cases with factors related to keeping other people safe',
  changedDesistance: 'cases where there were changes in factors related to desistance',
  changedSafety: 'cases where there were changes in factors related to keeping the child safe',
  changedRiskOfHarm: 'cases where there were changes in factors related to keeping other people safe',
  youthConditionalCaution: 'cases with a youth conditional caution',
  evidence: 'evidence from documents, meetings and interviews',
} as const;

const d1 = (text: string, ...variants: string[]): KeyQuestionSpec => ({
  text,
  variants,
  subSample: 'evidence',
  subSampleLabel: LABEL.evidence,
});

// Domain 1: organisational delivery. Key questions guide the lead inspector's judgement.

export const GOVERNANCE_AND_LEADERSHIP: readonly KeyQuestionSpec[] = [
  d1(
    'Is there a clear local vision and strategy for the delivery of a high-quality, personalised and responsive service for all children?',
    'Is there a clear local vision and strategy for the delivery of a high-quality, personalised and responsive service for all children and young people?',
  ),
  d1('Do the partnership arrangements actively support effective service delivery?'),
  d1('Does the leadership of the YOT support effective service delivery?', 'Does the leadership of the YOS support effective service delivery?'),
];

export const STAFF: readonly KeyQuestionSpec[] = [
  d1(
    'Do staffing and workload levels support the delivery of a high-quality, personalised and responsive service for all children?',
    'Do staffing and workload levels support the delivery of a high-quality, personalised and responsive service for all children and young people?',
  ),
  d1(
    'Do the skills of YOT staff support the delivery of a high-quality, personalised and responsive service for all children?',
    'Do the skills of YOS staff support the delivery of a high-quality, personalised and responsive service for all children and young people?',
  ),
  d1('Does the oversight of work support high-quality delivery and professional development?'),
  d1('Are arrangements for learning and development comprehensive and responsive?'),
];

export const PARTNERSHIPS_AND_SERVICES: readonly KeyQuestionSpec[] = [
  d1(
    'Is there a sufficiently comprehensive and up-to-date analysis of the profile of children, to ensure that the YOT can deliver well-targeted services?',
    'Is there a sufficiently comprehensive and up-to-date analysis of the profile of children and young people, to ensure that the YOS can deliver well-targeted services?',
  ),
  d1(
    'Does the YOT partnership have access to the volume, range and quality of services and interventions to meet the needs of all children?',
    'Does the YOS partnership have access to the volume, range and quality of services and interventions to meet the needs of all children and young people?',
  ),
  d1('Are arrangements with statutory partners, providers and other agencies established, maintained and used effectively to deliver high-quality services?'),
];

export const INFORMATION_AND_FACILITIES: readonly KeyQuestionSpec[] = [
  d1(
    'Are the necessary policies and guidance in place to enable staff to deliver a high-quality service, meeting the needs of all children?',
    'Are the necessary policies and guidance in place to enable staff to deliver a quality service, meeting the needs of all children and young people?',
  ),
  d1(
    'Does the YOT’s delivery environment(s) meet the needs of all children and enable staff to deliver a high-quality service?',
    'Does the YOS’s delivery environment(s) meet the needs of all children and young people and enable staff to deliver a quality service?',
  ),
  d1(
    'Do the information and communications technology (ICT) systems enable staff to deliver a high-quality service, meeting the needs of all children?',
    'Do the information and communication technology (ICT) systems enable staff to deliver a quality service, meeting the needs of all children and young people?',
  ),
  d1('Is analysis, evidence and learning used effectively to drive improvement?'),
];

// Domain 2: court disposals.

export const COURT_ASSESSMENT: readonly KeyQuestionSpec[] = [
  {
    text: 'Does assessment sufficiently analyse how to support the child’s desistance?',
    variants: ['Does assessment sufficiently analyse how to support the child or young person’s desistance?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Is there sufficient analysis of offending behaviour, including the child’s attitudes towards and motivations for their offending?',
      'Does assessment consider the diversity and wider familial and social context of the child, utilising information held by other agencies?',
      'Does assessment focus on the child’s strengths and protective factors?',
      'Where applicable, does assessment analyse the key structural barriers facing the child?',
      'Is sufficient attention given to understanding the child’s levels of maturity, ability and motivation to change, and their likelihood of engaging with the court disposal?',
      'Does assessment give sufficient attention to the needs and wishes of the victim/s, and opportunities for restorative justice?',
      'Is the child and their parents/carers meaningfully involved in their assessment, and are their views taken into account?',
    ],
  },
  {
    text: 'Does assessment sufficiently analyse how to keep the child safe?',
    variants: ['Does assessment sufficiently analyse how to keep the child or young person safe?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does assessment clearly identify and analyse any risks to the safety and wellbeing of the child?',
      'Does assessment draw sufficiently on available sources of information, including other assessments, and involve other agencies where appropriate?',
      'Where applicable, does assessment analyse controls and interventions to promote the safety and wellbeing of the child?',
    ],
  },
  {
    text: 'Does assessment sufficiently analyse how to keep other people safe?',
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does assessment clearly identify and analyse any risk of harm to others posed by the child, including identifying who is at risk and the nature of that risk?',
      'Does assessment draw sufficiently on available sources of information, including past behaviour and convictions, and involve other agencies where appropriate?',
      'Does assessment analyse controls and interventions to manage and minimise the risk of harm presented by the child?',
    ],
  },
];

export const COURT_PLANNING: readonly KeyQuestionSpec[] = [
  {
    text: 'Does planning focus sufficiently on supporting the child’s desistance?',
    variants: [
      // Stockton's heading over the prompt table drops "sufficiently".
      'Does planning focus on supporting the child’s desistance?',
      'Does planning focus sufficiently on supporting the child or young person’s desistance?',
    ],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does planning set out the services most likely to support desistance, paying sufficient attention to the available timescales and the need for sequencing?',
      'Does planning take sufficient account of the diversity and wider familial and social context of the child?',
      'Does planning take sufficient account of the child’s strengths and protective factors, and seek to reinforce or develop these as necessary?',
      'Does planning take sufficient account of the child’s levels of maturity, ability and motivation to change, and seek to develop these as necessary?',
      'Where applicable, does planning give sufficient attention to the needs and wishes of the victim/s?',
      'Is the child and their parents/carers meaningfully involved in planning, and are their views taken into account?',
    ],
  },
  {
    text: 'Does planning focus sufficiently on keeping the child safe?',
    variants: ['Does planning focus sufficiently on keeping the child or young person safe?'],
    subSample: 'safety-and-wellbeing',
    subSampleLabel: LABEL.safety,
    prompts: [
      'Does planning promote the safety and wellbeing of the child, sufficiently addressing risks?',
      'Does planning involve other agencies where appropriate, and is there sufficient alignment with other plans (e.g. child protection or care plans) concerning the child?',
      'Does planning set out the necessary controls and interventions to promote the safety and wellbeing of the child?',
      'Does planning set out necessary and effective contingency arrangements to manage those risks that have been identified?',
    ],
  },
  {
    text: 'Does planning focus sufficiently on keeping other people safe?',
    subSample: 'risk-of-harm',
    subSampleLabel: LABEL.riskOfHarm,
    prompts: [
      'Does planning promote the safety of other people, sufficiently addressing risk of harm factors?',
      'Does planning involve other agencies where appropriate?',
      'Does planning address any specific concerns and risks related to actual and potential victims?',
      'Does planning set out the necessary controls and interventions to promote the safety of other people?',
      'Does planning set out necessary and effective contingency arrangements to manage those risks that have been identified?',
    ],
  },
];

export const COURT_IMPLEMENTATION_AND_DELIVERY: readonly KeyQuestionSpec[] = [
  {
    text: 'Does the implementation and delivery of services effectively support the child’s desistance?',
    variants: ['Does the implementation and delivery of services effectively support the child or young person’s desistance?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Are the delivered services those most likely to support desistance, with sufficient attention given to sequencing and the available timescales?',
      'Does service delivery reflect the diversity and wider familial and social context of the child, involving parents/carers or significant others?',
      'Does service delivery build upon the child’s strengths and enhance protective factors?',
      'Is sufficient focus given to developing and maintaining an effective working relationship with the child and their parents/carers?',
      'Does service delivery promote opportunities for community integration including access to services post-supervision?',
      'Is sufficient attention given to encouraging and enabling the child’s compliance with the work of the YOT?',
      // Counts only cases where enforcement was required (Stockton footnote 16), though not worded "Where applicable".
      { text: 'In cases when it is required, are enforcement actions taken when appropriate?', whereApplicable: true },
    ],
  },
  {
    text: 'Does the implementation and delivery of services effectively support the safety of the child?',
    variants: ['Does the implementation and delivery of services effectively support the safety of the child or young person?'],
    subSample: 'safety-and-wellbeing',
    subSampleLabel: LABEL.safety,
    prompts: [
      'Does service delivery promote the safety and wellbeing of the child?',
      'Where applicable, is the involvement of other organisations in keeping the child safe sufficiently well-coordinated?',
    ],
  },
  {
    text: 'Does the implementation and delivery of services effectively support the safety of other people?',
    subSample: 'risk-of-harm',
    subSampleLabel: LABEL.riskOfHarm,
    prompts: [
      'Are the delivered services sufficient to manage and minimise the risk of harm?',
      'Where applicable, is sufficient attention given to the protection of actual and potential victims?',
      'Where applicable, is the involvement of other agencies in managing the risk of harm sufficiently well-coordinated?',
    ],
  },
];

export const COURT_REVIEWING: readonly KeyQuestionSpec[] = [
  {
    text: 'Does reviewing focus sufficiently on supporting the child’s desistance?',
    variants: ['Does reviewing focus sufficiently on supporting the child or young person’s desistance?'],
    subSample: 'changed-desistance',
    subSampleLabel: LABEL.changedDesistance,
    prompts: [
      'Does reviewing identify and respond to changes in factors linked to desistance?',
      'Does reviewing focus sufficiently on building upon the child’s strengths and enhancing protective factors?',
      'Does reviewing consider motivation and engagement levels and any relevant barriers?',
      'Is the child and their parents/carers meaningfully involved in reviewing their progress and engagement, and are their views taken into account?',
    ],
  },
  {
    text: 'Does reviewing focus sufficiently on keeping the child safe?',
    variants: ['Does reviewing focus sufficiently on keeping the child or young person safe?'],
    subSample: 'changed-safety',
    subSampleLabel: LABEL.changedSafety,
    prompts: [
      'Does reviewing identify and respond to changes in factors related to safety and wellbeing?',
      'Where applicable, is reviewing informed by the necessary input from other agencies involved in promoting the safety and wellbeing of the child?',
      'Where applicable, does reviewing lead to the necessary adjustments in the ongoing plan of work to promote the safety and wellbeing of the child?',
    ],
  },
  {
    text: 'Does reviewing focus sufficiently on keeping other people safe?',
    subSample: 'changed-risk-of-harm',
    subSampleLabel: LABEL.changedRiskOfHarm,
    prompts: [
      'Does reviewing identify and respond to changes in factors related to risk of harm?',
      'Where applicable, is reviewing informed by the necessary input from other agencies involved in managing the risk of harm?',
      'Is the child and their parents/carers meaningfully involved in reviewing their risk of harm, and are their views taken into account?',
      'Where applicable, does reviewing lead to the necessary adjustments in the ongoing plan of work to manage and minimise the risk of harm?',
    ],
  },
];

// Domain 3: out-of-court disposals. Prompts differ from domain 2 in places (fewer for safety in
// assessment, community integration in planning, a different order under 3.3.3).

export const OUT_OF_COURT_ASSESSMENT: readonly KeyQuestionSpec[] = [
  {
    text: 'Does assessment sufficiently analyse how to support the child’s desistance?',
    variants: ['Does assessment sufficiently analyse how to support the child or young person’s desistance?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Is there sufficient analysis of offending behaviour, including the child’s acknowledgement of responsibility, attitudes towards and motivations for their offending?',
      'Does assessment consider the diversity and wider familial and social context of the child, utilising information held by other agencies?',
      'Does assessment focus on the child’s strengths and protective factors?',
      'Where applicable, does assessment analyse the key structural barriers facing the child?',
      'Is sufficient attention given to understanding the child’s levels of maturity, ability and motivation to change?',
      'Where applicable, does assessment give sufficient attention to the needs and wishes of the victim/s, and opportunities for restorative justice?',
      'Is the child and their parents/carers meaningfully involved in their assessment, and are their views taken into account?',
    ],
  },
  {
    text: 'Does assessment sufficiently analyse how to keep the child safe?',
    variants: ['Does assessment sufficiently analyse how to keep the child or young person safe?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does assessment clearly identify and analyse any risks to the safety and wellbeing of the child?',
      'Does assessment draw sufficiently on available sources of information, including other assessments, and involve other agencies where appropriate?',
    ],
  },
  {
    text: 'Does assessment sufficiently analyse how to keep other people safe?',
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does assessment clearly identify and analyse any risk of harm to others posed by the child, including identifying who is at risk and the nature of that risk?',
      'Does assessment draw sufficiently on available sources of information, including any other assessments that have been completed, and other evidence of behaviour by the child?',
    ],
  },
];

export const OUT_OF_COURT_PLANNING: readonly KeyQuestionSpec[] = [
  {
    // Stockton (table and heading) and Stoke print 3.2.1 without "sufficiently"; South Tees with it.
    text: 'Does planning focus on supporting the child’s desistance?',
    variants: ['Does planning focus sufficiently on supporting the child or young person’s desistance?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Does planning set out the services most likely to support desistance, paying sufficient attention to the available timescales and the need for sequencing?',
      'Does planning take sufficient account of the diversity and wider familial and social context of the child?',
      'Does planning take sufficient account of the child’s strengths and protective factors, and seek to reinforce or develop these as necessary?',
      'Does planning take sufficient account of the child’s levels of maturity, ability and motivation to change, and seek to develop these as necessary?',
      'Does planning take sufficient account of opportunities for community integration, including access to mainstream services following completion of out of court disposal work?',
      'Where applicable, does planning give sufficient attention to the needs and wishes of the victim/s?',
      'Is the child and their parents/carers meaningfully involved in planning, and are their views taken into account?',
    ],
  },
  {
    text: 'Does planning focus sufficiently on keeping the child safe?',
    variants: ['Does planning focus sufficiently on keeping the child or young person safe?'],
    subSample: 'safety-and-wellbeing',
    subSampleLabel: 'cases with factors relevant to keeping the child safe',
    prompts: [
      'Does planning promote the safety and wellbeing of the child, sufficiently addressing risks?',
      'Where applicable, does planning involve other agencies where appropriate, and is there sufficient alignment with other plans (e.g. child protection or care plans) concerning the child?',
      'Does planning include necessary contingency arrangements for those risks that have been identified?',
    ],
  },
  {
    text: 'Does planning focus sufficiently on keeping other people safe?',
    subSample: 'risk-of-harm',
    subSampleLabel: 'cases with factors relevant to keeping other people safe',
    prompts: [
      'Does planning promote the safety of other people, sufficiently addressing risk of harm factors?',
      'Where applicable, does planning involve other agencies where appropriate?',
      'Where applicable, does planning address any specific concerns and risks related to actual and potential victims?',
      'Does planning include necessary contingency arrangements for those risks that have been identified?',
    ],
  },
];

export const OUT_OF_COURT_IMPLEMENTATION_AND_DELIVERY: readonly KeyQuestionSpec[] = [
  {
    text: 'Does service delivery effectively support the child’s desistance?',
    variants: ['Does the implementation and delivery of services effectively support the child or young person’s desistance?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Are the delivered services those most likely to support desistance, with sufficient attention given to sequencing and the available timescales?',
      'Does service delivery reflect the diversity and wider familial and social context of the child, involving parents/carers or significant others?',
      'Is sufficient focus given to developing and maintaining an effective working relationship with the child and their parents/carers?',
      'Is sufficient attention given to encouraging and enabling the child’s compliance with the work of the YOT?',
      'Does service delivery promote opportunities for community integration, including access to mainstream services?',
    ],
  },
  {
    text: 'Does service delivery effectively support the safety of the child?',
    variants: ['Does the implementation and delivery of services effectively support the safety of the child or young person?'],
    subSample: 'safety-and-wellbeing',
    subSampleLabel: 'cases with factors related to the safety of the child',
    prompts: [
      'Does service delivery promote the safety and wellbeing of the child?',
      'Where applicable, is the involvement of other agencies in keeping the child safe sufficiently well utilised and coordinated?',
    ],
  },
  {
    text: 'Does service delivery effectively support the safety of other people?',
    variants: ['Does the implementation and delivery of services effectively support the safety of other people?'],
    subSample: 'risk-of-harm',
    subSampleLabel: 'cases with factors related to the safety of other people',
    prompts: [
      'Where applicable, is sufficient attention given to the protection of actual and potential victims?',
      'Are the delivered services sufficient to manage and minimise the risk of harm?',
    ],
  },
];

/** 3.4 Joint working (2018 framework only). */
export const JOINT_WORKING: readonly KeyQuestionSpec[] = [
  {
    text: 'Are the YOT’s recommendations sufficiently well informed, analytical and personalised to the child, supporting joint decision-making?',
    variants: ['Are the YOT’s recommendations sufficiently well-informed, analytical and personalised to the child or young person, supporting joint decision-making?'],
    subSample: 'all',
    subSampleLabel: LABEL.all,
    prompts: [
      'Where applicable, are the recommendations by the YOT for out-of-court disposal outcomes, conditions and interventions appropriate and proportionate?',
      'Do the recommendations consider the degree of the child’s understanding of the offence and their acknowledgement of responsibility?',
      'Where applicable, is a positive contribution made by the YOT to determining the disposal?',
      'Is sufficient attention given to the child’s understanding, and their parents/carers’ understanding, of the implications of receiving an out of court disposal?',
      'Is the information provided to inform decision-making timely, to meet the needs of the case, legislation and guidance?',
      'Where applicable, is the rationale for joint disposal decisions appropriate and clearly recorded?',
    ],
  },
  {
    text: 'Does the YOT work effectively with the police in implementing the out-of-court disposal?',
    subSample: 'youth-conditional-caution',
    subSampleLabel: LABEL.youthConditionalCaution,
    prompts: [
      'Where applicable, does the YOT inform the police of progress and outcomes in a sufficient and timely manner?',
      'Is sufficient attention given to compliance with, and enforcement of the conditions?',
    ],
  },
];
