/**
 * No Zod default wording reaches a person: every schema issue without its own message is worded in the
 * GOV.UK style, naming the field, and the services' own schemas read the one table of limits.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discretionInput, evidenceInput, inspectionInput, LIMITS, parse, ValidationError } from '../../src/app/index.js';

const messages = (schema: z.ZodType, input: unknown): Record<string, string> => {
  try {
    parse(schema, input);
  } catch (err) {
    if (err instanceof ValidationError) return Object.fromEntries(err.fields.map((f) => [f.field, f.message]));
    throw err;
  }
  return {};
};

describe('issue words', () => {
  it('words the schemas\' own refusals: a rating, a title and what the evidence is', () => {
    expect(messages(discretionInput, { rating: 'Excellent', reason: 'Because', version: 1 })).toEqual({ rating: 'Choose a rating' });
    expect(messages(inspectionInput, { serviceId: 's', title: 'x'.repeat(LIMITS.title + 1), frameworkVersion: '2018' }))
      .toEqual({ title: 'Title must be 200 characters or fewer' });
    expect(messages(evidenceInput, { kind: 'meeting', what: 'x'.repeat(LIMITS.evidenceWhat + 1), summary: 'ok' }))
      .toEqual({ what: 'What the evidence is must be 300 characters or fewer' });
  });

  it('words any schema issue without a message, naming the field', () => {
    const schema = z.object({
      rating: z.enum(['Good', 'Inadequate']),
      disposalType: z.string(),
      count: z.number().int().max(10),
      notes: z.string().max(5),
      flag: z.boolean(),
    });
    const m = messages(schema, { rating: 'Great', count: 1.5, notes: 'too long', flag: 'yes' });
    expect(m).toEqual({
      rating: 'Choose the rating from the list',
      disposalType: 'Enter the disposal type',
      count: 'Enter the count as a whole number',
      notes: 'The notes must be 5 characters or fewer',
      flag: 'Choose the flag',
    });
    expect(messages(schema, { rating: 'Good', disposalType: 'x', count: 11, notes: '', flag: true })).toEqual({ count: 'The count must be 10 or less' });
    for (const text of Object.values(m)) expect(text).not.toMatch(/Invalid|expected|received|Too (big|small)/);
  });
});
