/**
 * The screens show a case's classifications in the vocabulary's words (src/core/vocabulary.ts): a reparation
 * order reads "Reparation order" in the case list, its filter and the case page, never "Other court".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPOSALS, labelOf } from '../../src/core/vocabulary.js';
import { caseUrl } from '../../src/web/routes/cases.js';
import { ACCOUNTS, PASSWORD, startApp, type TestApp } from './app.js';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await startApp();
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: ACCOUNTS.lead, password: PASSWORD } });
  expect(r.statusCode).toBe(200);
  cookie = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}, 300_000);

afterAll(async () => {
  await t?.close();
});

const get = async (url: string): Promise<string> => {
  const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  expect(r.statusCode).toBe(200);
  return r.body;
};

describe('classification labels on the screens', () => {
  it('come from the vocabulary', async () => {
    const c = await t.services.cases.create(t.users.lead, t.inspectionId, {
      ref: 'RP01', domain: 2, disposalType: 'reparation-order', gender: 'not-known', ageBand: '18+', ethnicity: 'mixed',
      riskOfSeriousHarm: 'very-high', safetyAndWellbeing: 'not-known',
    });
    const casePage = await get(caseUrl(t.inspectionId, c.id));
    for (const [kind, code] of [['disposalType', 'reparation-order'], ['gender', 'not-known'], ['ethnicity', 'mixed'], ['riskOfSeriousHarm', 'very-high'], ['safetyAndWellbeing', 'not-known']] as const) {
      expect(casePage).toContain(`${labelOf(kind, code)}`);
    }
    expect(casePage).toContain('Reparation order');
    expect(casePage).toContain('Not assessed');
    expect(casePage).toContain('2 Court disposals');

    const list = await get(`/inspections/${t.inspectionId}/cases`);
    expect(list).toContain('<option value="reparation-order">Reparation order</option>');
    for (const d of DISPOSALS.filter((x) => list.includes(`value="${x.code}"`))) expect(list).toContain(`>${d.label}</option>`);
    expect(list).not.toMatch(/Other court(?! disposal)/);
  });
});
