/**
 * New passwords: 12 characters or more, not only spaces, and not a common password or a dressed-up one; the
 * message names the field, for an account created, a password reset and one's own password changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem } from '../../src/app/password-rules.js';
import { PASSWORD, ROLE_EMAILS, signIn, startFixture, type Fixture } from './harness.js';

const WEAK = [
  'password1234', 'Password1234', 'P@ssw0rd2024!', '  password  1234', 'qwertyuiop123', 'qwertyuiopas', 'aaaaaaaaaaaa', 'abcdefghijkl',
  'zyxwvutsrqpo', '123456789012', '098765432109', 'iloveyou2024', 'Yjinspect2026', 'passwordpassword', 'abcabcabcabc', '1qaz2wsx3edc',
  'football!!!!', '!!!!monkey2024', 'letmein12345', 'sunshine2025!', 'Welcome12345',
];
const STRONG = ['correct horse battery staple', 'tabby-lantern-quartz-93', 'a new long pass phrase', 'Tr0ub4dor&3xyz', 'ninth.otter.saucepan'];

describe('password rules', () => {
  it.each(WEAK)('refuses %j as common', (pw) => {
    expect(isCommonPassword(pw)).toBe(true);
    expect(passwordProblem(pw)).toMatch(/harder to guess/);
  });
  it.each(STRONG)('accepts %j', (pw) => expect(passwordProblem(pw)).toBeNull());
  it('needs 12 characters that are not all spaces', () => {
    expect(passwordProblem('Tr0ub4dor&3')).toBe('A password needs at least 12 characters');
    expect(passwordProblem(' '.repeat(12))).toBe('A password needs at least 12 characters that are not all spaces');
    expect(passwordProblem('\t \n'.repeat(5))).toBe('A password needs at least 12 characters that are not all spaces');
  });
});

describe('password rules through the API', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture('pglite');
  });
  afterAll(async () => f?.close());

  it('names the password field when an account is created with a weak one', async () => {
    const admin = await signIn(f.app, ROLE_EMAILS.admin);
    for (const password of ['password1234', ' '.repeat(12)]) {
      const r = await f.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: admin }, payload: { email: 'new@example.org', displayName: 'New', password } });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.fields).toEqual([{ field: 'password', message: expect.stringMatching(/harder to guess|not all spaces/) }]);
    }
  });

  it('names newPassword when one changes their own to a weak one', async () => {
    const me = await signIn(f.app, ROLE_EMAILS.readOnly);
    const r = await f.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: me }, payload: { currentPassword: PASSWORD, newPassword: 'P@ssw0rd2024!' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields).toEqual([{ field: 'newPassword', message: expect.stringMatching(/harder to guess/) }]);
  });

  it('refuses a weak password on reset', async () => {
    await expect(f.services.accounts.resetPassword(null, ROLE_EMAILS.panel, 'iloveyou2024')).rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'password' }] });
  });
});
