/**
 * The service under a login role that owns nothing (README, "A database role that cannot alter the history"):
 * it writes history, which the chain links, and redacts through the definer functions, but it cannot switch
 * the triggers off, change or remove an entry or a link, or back-date an entry. PostgreSQL only.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/index.js';
import { verifyHistoryChain } from '../../src/store/history-chain.js';
import { openStore, type Store } from '../../src/store/index.js';
import { seedFixture } from '../server/harness.js';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('history under a service role that cannot alter it (PostgreSQL)', () => {
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const owner = `yjt_owner_${tag}`;
  const app = `yjt_app_${tag}`;
  const schema = `yjt_roles_${tag}`;
  const as = (role: string) => { const u = new URL(url!); u.username = role; u.password = ''; return u.toString(); };
  let superuser: pg.Client;
  let ownerStore: Store;
  let appStore: Store;

  beforeAll(async () => {
    superuser = new pg.Client({ connectionString: url });
    await superuser.connect();
    await superuser.query(`CREATE ROLE ${owner} LOGIN; CREATE ROLE ${app} LOGIN; CREATE SCHEMA ${schema} AUTHORIZATION ${owner}`);
    // The owner runs the migrations, then grants the service's role what README says.
    ownerStore = await openStore({ databaseUrl: as(owner), schema });
    await ownerStore.exec(`
      GRANT USAGE ON SCHEMA ${schema} TO ${app};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app};
      REVOKE UPDATE, DELETE, TRUNCATE ON history FROM ${app};
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON history_chain FROM ${app};
      GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app};`);
    appStore = await openStore({ databaseUrl: as(app), schema });
  }, 120_000);

  afterAll(async () => {
    await appStore?.close();
    await ownerStore?.close();
    await superuser.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP ROLE IF EXISTS ${app}; DROP ROLE IF EXISTS ${owner}`);
    await superuser.end();
  });

  it('writes and redacts through the services, chained, but cannot disable, change, remove or back-date', async () => {
    const services = createServices(appStore);
    const fixture = await seedFixture(services);
    const lead = (await services.accounts.loadUser(fixture.accountIds.lead))!;
    const admin = (await services.accounts.loadUser(fixture.accountIds.admin))!;
    await services.cases.saveAnswers(lead, fixture.caseIds.C01, { answers: [{ questionId: '2.1.1', answer: 'yes', note: 'Named Child Example', version: 0 }] });
    const [entry] = await appStore.query<{ id: string }>(`SELECT id FROM history WHERE after->>'note' = 'Named Child Example'`);
    await services.history.redact(admin, Number(entry!.id), { reason: 'A name typed by mistake', fields: ['after.note'] });
    expect(await verifyHistoryChain(appStore)).toMatchObject({ ok: true });

    await expect(appStore.exec(`ALTER TABLE history DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    await expect(appStore.exec(`DROP TRIGGER history_no_update ON history`)).rejects.toThrow(/must be owner/);
    await expect(appStore.query(`UPDATE history SET reason = 'x' WHERE id = 1`)).rejects.toThrow(/permission denied/);
    await expect(appStore.query(`DELETE FROM history WHERE id = 1`)).rejects.toThrow(/permission denied/);
    await expect(appStore.query(`UPDATE history_chain SET content_hash = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(appStore.query(`INSERT INTO history_chain VALUES (999, 1, 'x', 'y', 'z')`)).rejects.toThrow(/permission denied/);
    await expect(appStore.exec(`CREATE OR REPLACE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`)).rejects.toThrow(/must be owner|permission denied/);

    const [back] = await appStore.query<{ at: string }>(`INSERT INTO history (at, entity, entity_id, action) VALUES ('2001-01-01T00:00:00Z', 'case', 'x', 'backdated') RETURNING at`);
    expect(new Date(back!.at).getUTCFullYear()).toBeGreaterThan(2001);
    expect(await verifyHistoryChain(appStore)).toMatchObject({ ok: true });
  });
});
