/** The server's keeping of a form posted after the session ended: one time, one browser, one hour, bounded. */
import { describe, expect, it } from 'vitest';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeptForms } from '../../src/web/session-ended.js';

/** A browser as the keeper sees it: its cookies, and the cookie the reply sets. */
function browser() {
  const cookies: Record<string, string> = {};
  const request = { cookies } as unknown as FastifyRequest;
  const reply = { setCookie: (name: string, value: string) => { cookies[name] = value; return reply; } } as unknown as FastifyReply;
  return { request, reply };
}

describe('KeptForms', () => {
  it('gives the fields back once, to the browser that posted them, for the same page, within the hour', () => {
    let now = 0;
    const kept = new KeptForms(() => now);
    const mine = browser();
    const other = browser();
    const token = kept.keep(mine.request, mine.reply, '/p', { q_1: 'yes' })!;
    expect(kept.claim(other.request, '/p', token)).toBeNull();
    expect(kept.claim(mine.request, '/elsewhere', token)).toBeNull();
    expect(kept.claim(mine.request, '/p', token)).toEqual({ q_1: 'yes' });
    expect(kept.claim(mine.request, '/p', token)).toBeNull();

    const late = kept.keep(mine.request, mine.reply, '/p', { q_1: 'no' })!;
    now += 60 * 60 * 1000;
    expect(kept.claim(mine.request, '/p', late)).toBeNull();
  });

  it('refuses to keep what is too large', () => {
    const kept = new KeptForms();
    const b = browser();
    expect(kept.keep(b.request, b.reply, '/p', { note_1: 'x'.repeat(70_000) })).toBeNull();
  });
});
