/**
 * What a resettlement case (2021 framework, domain 4) is reviewed for: the aspects of 4.1 "Resettlement policy
 * and provision" that the reports illustrate with a few custody cases. Derived from the standard and the
 * published findings (Stoke-on-Trent 2022: contact during custody, planning for release with licence conditions
 * and multi-agency risk planning, accommodation on release, education, health, safety and wellbeing, risk of
 * harm to others, victims, and transition to community or adult services). Each case gets one note per aspect.
 */
import { getFramework } from './registry.js';

export interface ResettlementAspect {
  /** Stable id, e.g. "accommodation". */
  readonly id: string;
  readonly name: string;
  /** What the note should cover, as the hint under the box. */
  readonly prompt: string;
}

export const RESETTLEMENT_STANDARD = '4.1';

export const RESETTLEMENT_ASPECTS: readonly ResettlementAspect[] = Object.freeze([
  { id: 'custody-contact', name: 'Contact during custody', prompt: 'How often and how well the case manager kept in touch with the child during the custodial part of the sentence.' },
  { id: 'release-planning', name: 'Planning for release', prompt: 'Whether release was planned in time: licence conditions, multi-agency risk planning, a plan shared with the child and family.' },
  { id: 'accommodation', name: 'Accommodation', prompt: 'Whether there was a plan, at any time during the sentence, for suitable accommodation on release.' },
  { id: 'education', name: 'Education, training and employment', prompt: 'Information shared with the educational institution, and whether education continued after release.' },
  { id: 'health', name: 'Health', prompt: 'Physical, mental and emotional health needs, and the services in place on release.' },
  { id: 'safety-and-wellbeing', name: 'Safety and wellbeing', prompt: 'How the child was kept safe through the transition from custody to the community.' },
  { id: 'risk-of-harm', name: 'Risk of harm to others', prompt: 'How the risk the child posed to others was assessed and managed for release.' },
  { id: 'victims', name: 'Victims', prompt: 'Whether work with or for victims was considered and continued.' },
  { id: 'transition', name: 'Transition to community or adult services', prompt: 'Transfer to the probation service or other adult services, and continuity of support.' },
].map((a) => Object.freeze(a)));

/** A custody (domain 4) case has a review of its own where the framework rates resettlement in domain 4 (2021). */
export function hasResettlementReview(framework: string, domain: number): boolean {
  return domain === 4 && getFramework(framework).standards.some((s) => s.id === RESETTLEMENT_STANDARD && s.domain === 4);
}
