/**
 * Notifications: "Case C01 was returned to you", "3 cases await quality assurance", "The ratings panel has
 * started". Written in the transaction of the change that causes them (so none is kept for a change that did not
 * happen), read only by their recipient, and sent by email after the transaction commits when the deployment
 * sets SMTP settings. Mail never fails the person's action: a failure is logged. Messages name cases by their
 * pseudonymous reference only, and the email links to the service rather than carrying the work.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { rolesWith, type Policy } from '../core/policy.js';
import type { Queryable, Store } from '../store/index.js';
import { NotFoundError } from './errors.js';
import { newId, type User } from './context.js';
import { sessionCacheFor } from './session-cache.js';

export type NotificationKind = 'case-returned' | 'qa-waiting' | 'panel-started';

export interface Notification {
  readonly id: string;
  readonly inspectionId: string | null;
  readonly inspectionTitle: string | null;
  readonly kind: NotificationKind;
  readonly message: string;
  /** A path in the service (`/inspections/…`). */
  readonly link: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/** The SMTP server the deployment sends through (src/server/config.ts reads it from SMTP_*). */
export interface MailSettings {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly from: string;
  readonly user?: string;
  readonly password?: string;
}

export interface NotificationConfig {
  /** null: no email (the default); notifications are shown in the service only. */
  readonly mail: MailSettings | null;
  /** The service's address, for links in emails (e.g. https://inspect.example.org). */
  readonly serviceUrl: string;
  /** Where a failed send is reported (default: the process's standard error). */
  readonly log?: (message: string, err: unknown) => void;
}

/** A notification written in a transaction, with where to send it once the transaction has committed. */
export interface Outgoing {
  readonly id: string;
  readonly email: string;
  readonly message: string;
  readonly link: string;
}

interface Row {
  id: string;
  inspection_id: string | null;
  inspection_title: string | null;
  kind: NotificationKind;
  message: string;
  link: string;
  created_at: string | Date;
  read_at: string | Date | null;
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());
const insPath = (inspectionId: string) => `/inspections/${encodeURIComponent(inspectionId)}`;

async function insert(tx: Queryable, recipients: readonly { id: string; email: string }[], inspectionId: string, kind: NotificationKind, message: string, link: string): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  for (const r of recipients) {
    const id = newId();
    await tx.query(`INSERT INTO notifications (id, recipient_id, inspection_id, kind, message, link) VALUES ($1, $2, $3, $4, $5, $6)`, [id, r.id, inspectionId, kind, message, link]);
    out.push({ id, email: r.email, message, link });
  }
  return out;
}

/** The case's assessor, told their case was returned (not when they returned it themselves). */
export async function caseReturnedNotices(tx: Queryable, actor: User, caseId: string): Promise<Outgoing[]> {
  const [c] = await tx.query<{ ref: string; inspection_id: string; title: string; assessor_id: string | null; email: string | null }>(
    `SELECT c.ref, c.inspection_id, i.title, c.assessor_id, a.email FROM cases c JOIN inspections i ON i.id = c.inspection_id
       LEFT JOIN accounts a ON a.id = c.assessor_id WHERE c.id = $1`, [caseId]);
  if (!c || !c.assessor_id || !c.email || c.assessor_id === actor.id) return [];
  return insert(tx, [{ id: c.assessor_id, email: c.email }], c.inspection_id, 'case-returned',
    `Case ${c.ref} was returned to you by ${actor.displayName} (${c.title})`, `${insPath(c.inspection_id)}/cases/${encodeURIComponent(caseId)}`);
}

/**
 * Everyone who may quality assure cases on the inspection, told how many submitted cases wait for them (an
 * inspector: those they did not assess). One unread notice per person and inspection, its count kept current;
 * an email only when a notice is new (not for each submission while one is unread). `refreshOnly` (after a
 * case is quality assured or returned): only the unread notices' counts change, and one with none left is read.
 */
export async function awaitingQaNotices(tx: Queryable, policy: Policy, inspectionId: string, refreshOnly = false): Promise<Outgoing[]> {
  const any = rolesWith(policy, 'case.quality-assure', 'any');
  const others = rolesWith(policy, 'case.quality-assure', 'others');
  // One count-and-write per inspection at a time, to the end of the transaction: the count below is read after
  // the lock, so it sees every earlier writer's committed case states, and no two writers leave a stale count.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('yjinspect.qa-waiting'), hashtext($1))`, [inspectionId]);
  const people = await tx.query<{ id: string; email: string; title: string; waiting: number }>(
    `WITH p AS (SELECT a.id, a.email, bool_or(r.role = ANY($2::text[])) AS assures_any
                  FROM inspection_roles r JOIN accounts a ON a.id = r.account_id
                 WHERE r.inspection_id = $1 AND r.role = ANY($3::text[]) AND NOT a.disabled GROUP BY a.id, a.email)
     SELECT p.id, p.email, i.title,
            (SELECT count(*)::int FROM cases c WHERE c.inspection_id = i.id AND c.state = 'submitted'
               AND (p.assures_any OR c.assessor_id IS DISTINCT FROM p.id)) AS waiting
       FROM p JOIN inspections i ON i.id = $1 ORDER BY p.id`,
    [inspectionId, any, [...any, ...others]],
  );
  const out: Outgoing[] = [];
  for (const p of people) {
    if (refreshOnly) {
      // A case quality assured or returned: an unread notice keeps its count true, and is done with at none.
      const message = `${p.waiting} ${p.waiting === 1 ? 'case awaits' : 'cases await'} quality assurance (${p.title})`;
      await tx.query(
        `UPDATE notifications SET message = CASE WHEN $4 THEN message ELSE $3 END, read_at = CASE WHEN $4 THEN now() ELSE NULL END
          WHERE recipient_id = $1 AND inspection_id = $2 AND kind = 'qa-waiting' AND read_at IS NULL`,
        [p.id, inspectionId, message, p.waiting === 0]);
      continue;
    }
    if (p.waiting === 0) continue;
    const message = `${p.waiting} ${p.waiting === 1 ? 'case awaits' : 'cases await'} quality assurance (${p.title})`;
    const link = `${insPath(inspectionId)}/cases?show=all&state=submitted`;
    const [row] = await tx.query<{ id: string; inserted: boolean }>(
      `INSERT INTO notifications (id, recipient_id, inspection_id, kind, message, link) VALUES ($1, $2, $3, 'qa-waiting', $4, $5)
         ON CONFLICT (recipient_id, inspection_id, kind) WHERE read_at IS NULL AND kind = 'qa-waiting'
         DO UPDATE SET message = EXCLUDED.message, created_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [newId(), p.id, inspectionId, message, link],
    );
    if (row?.inserted) out.push({ id: row.id, email: p.email, message, link });
  }
  return out;
}

/** Everyone on the inspection but the lead who moved it, told the ratings panel has started. */
export async function panelStartedNotices(tx: Queryable, actor: User, inspectionId: string): Promise<Outgoing[]> {
  const people = await tx.query<{ id: string; email: string; title: string }>(
    `SELECT DISTINCT a.id, a.email, i.title FROM inspection_roles r JOIN accounts a ON a.id = r.account_id JOIN inspections i ON i.id = r.inspection_id
      WHERE r.inspection_id = $1 AND a.id <> $2 AND NOT a.disabled ORDER BY a.id`, [inspectionId, actor.id]);
  if (!people[0]) return [];
  return insert(tx, people, inspectionId, 'panel-started', `The ratings panel has started (${people[0].title})`, insPath(inspectionId));
}

/** Sends the emails of committed notifications, when mail is set up; never throws. */
export interface Outbox {
  send(notes: readonly Outgoing[]): void;
  /** Resolves when every send started so far has finished (tests, and a clean shutdown). */
  idle(): Promise<void>;
}

export function outbox(config: NotificationConfig | undefined): Outbox {
  const log = config?.log ?? ((message: string, err: unknown) => console.error(message, err instanceof Error ? err.message : err));
  const mail = config?.mail ?? null;
  let transport: Transporter | null = null;
  const pending = new Set<Promise<void>>();
  return {
    send(notes) {
      if (!mail || !config || notes.length === 0) return;
      transport ??= createTransport({
        host: mail.host, port: mail.port, secure: mail.secure,
        ...(mail.user ? { auth: { user: mail.user, pass: mail.password ?? '' } } : {}),
      });
      const t = transport;
      for (const n of notes) {
        const url = new URL(n.link, config.serviceUrl).toString();
        const p = t.sendMail({
          from: mail.from,
          to: n.email,
          subject: n.message,
          text: `${n.message}.\n\nOpen it in the service: ${url}\n\nYou get this email because you have a role on this inspection. Your notifications are also listed in the service.\n`,
        }).then(() => undefined, (err: unknown) => log(`Notification ${n.id} could not be emailed`, err));
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
    },
    async idle() {
      await Promise.all([...pending]);
    },
  };
}

export const NO_MAIL: Outbox = outbox(undefined);

/** Each person's own notifications: nobody reads or marks anyone else's (not found). */
export function notificationService(store: Store) {
  return {
    async list(actor: User, limit = 100): Promise<Notification[]> {
      const rows = await store.query<Row>(
        `SELECT n.id, n.inspection_id, i.title AS inspection_title, n.kind, n.message, n.link, n.created_at, n.read_at
           FROM notifications n LEFT JOIN inspections i ON i.id = n.inspection_id
          WHERE n.recipient_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`, [actor.id, limit]);
      return rows.map((r) => ({
        id: r.id, inspectionId: r.inspection_id, inspectionTitle: r.inspection_title, kind: r.kind, message: r.message, link: r.link,
        createdAt: iso(r.created_at)!, readAt: iso(r.read_at),
      }));
    },

    async unreadCount(actor: User): Promise<number> {
      const [r] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`, [actor.id]);
      return r?.n ?? 0;
    },

    /** Mark one as read (again is fine); someone else's is not found. */
    async markRead(actor: User, id: string): Promise<void> {
      const rows = await store.query(`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id`, [id, actor.id]);
      if (!rows[0]) throw new NotFoundError(`No notification ${id}`);
      // The header's count comes with the session lookup: the next page reads it afresh.
      sessionCacheFor(store).clear();
    },

    async markAllRead(actor: User): Promise<number> {
      const rows = await store.query(`UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL RETURNING id`, [actor.id]);
      sessionCacheFor(store).clear();
      return rows.length;
    },
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
