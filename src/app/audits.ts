/**
 * Case audits compared over time: one audit's key-question figures beside those of the service's earlier
 * audits of the same framework (src/core/audit). Each audit's figures are its live ratings, read with the
 * reader's own rights: an audit they may not read is left out, never shown.
 */
import { auditTrend, type AuditTrend } from '../core/audit/index.js';
import { getFramework } from '../core/framework/index.js';
import type { Store } from '../store/index.js';
import { canRead, DEFAULT_AUTHORIZER, loadInspectionRecord, type Authorizer, type User } from './context.js';
import { NotFoundError } from './errors.js';
import type { InspectionRatings } from './ratings.js';

export function auditService(
  store: Store,
  ratings: { forInspection(actor: User, inspectionId: string): Promise<InspectionRatings> },
  auth: Authorizer = DEFAULT_AUTHORIZER,
) {
  return {
    /**
     * This audit and the service's audits of the same framework done before it (by fieldwork start, else
     * creation), this one last.
     */
    async comparison(actor: User, inspectionId: string): Promise<AuditTrend> {
      const ins = await loadInspectionRecord(store, actor, inspectionId);
      auth.requireRead(actor, ins, 'ratings.read', `No results for ${inspectionId}`);
      if (ins.kind !== 'case audit') throw new NotFoundError(`${ins.title} is an inspection: only case audits are compared over time`);
      const rows = await store.query<{ id: string; title: string; date: string }>(
        `WITH this AS (SELECT coalesce(fieldwork_start, created_at::date) AS d, created_at FROM inspections WHERE id = $1)
         SELECT i.id, i.title, coalesce(i.fieldwork_start, i.created_at::date)::text AS date
           FROM inspections i, this
          WHERE i.kind = 'case audit' AND i.framework_version = $2 AND i.service_id = $3 AND i.archived_at IS NULL
            AND (coalesce(i.fieldwork_start, i.created_at::date), i.created_at) <= (this.d, this.created_at)
          ORDER BY 3, i.created_at`,
        [inspectionId, ins.framework_version, ins.service_id],
      );
      // Each audit with the reader's own rights: one they may not read is left out.
      const figures = (await Promise.all(rows.map(async (r) => {
        if (!canRead(actor, r.id)) return null;
        const out = await ratings.forInspection(actor, r.id).catch((err: unknown) => {
          if (err instanceof NotFoundError) return null;
          throw err;
        });
        return out && { ...r, keyQuestions: out.standards.flatMap((s) => s.keyQuestions.map((k) => ({ id: k.id, yes: k.yes, relevant: k.relevant, band: k.band }))) };
      }))).filter((f) => f !== null);
      return auditTrend(getFramework(ins.framework_version), figures);
    },
  };
}
