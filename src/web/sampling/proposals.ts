/**
 * Proposed samples waiting for the lead inspector's review and confirmation. Held in memory: a proposal is
 * cheap to draw again from the file and seed, and nothing reaches the database until it is confirmed.
 */
import { randomUUID } from 'node:crypto';
import type { PopulationCase, SampleOptions, SizeOverride } from '../../core/sampling/index.js';

export interface Proposal {
  readonly id: string;
  readonly inspectionId: string;
  readonly userId: string;
  readonly fileName: string;
  readonly cases: readonly PopulationCase[];
  readonly options: Omit<SampleOptions, 'overrides'>;
  overrides: SizeOverride[];
  readonly createdAt: number;
}

const MAX = 200;
const TTL_MS = 4 * 60 * 60 * 1000;

export class ProposalStore {
  private readonly items = new Map<string, Proposal>();

  add(p: Omit<Proposal, 'id' | 'createdAt' | 'overrides'>): Proposal {
    this.prune();
    const proposal: Proposal = { ...p, id: randomUUID(), overrides: [], createdAt: Date.now() };
    this.items.set(proposal.id, proposal);
    while (this.items.size > MAX) this.items.delete(this.items.keys().next().value!);
    return proposal;
  }

  /** Only the user who uploaded it, on the same inspection, sees a proposal. */
  get(id: string, inspectionId: string, userId: string): Proposal | undefined {
    this.prune();
    const p = this.items.get(id);
    return p && p.inspectionId === inspectionId && p.userId === userId ? p : undefined;
  }

  delete(id: string): void {
    this.items.delete(id);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, p] of this.items) if (now - p.createdAt > TTL_MS) this.items.delete(id);
  }
}
