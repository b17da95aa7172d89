/** The ratings panel's view of the engine's output, on a published report (Stockton-on-Tees 2020: 2.2 uplifted). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKeyQuestion, getFramework } from '../../src/core/framework/index.js';
import { rateInspection } from '../../src/core/rating/index.js';
import { discretionChoices, ratingsPanel, wholePercent } from '../../src/web/ratings.js';
import { createViewEnvironment } from '../../src/web/views.js';

const seed = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/seeds/stockton-on-tees-2020.json'), 'utf8')) as { input: unknown; published: { score: number; overall: string } };

describe('ratings panel view', () => {
  const output = rateInspection(seed.input, getFramework);
  const fw = getFramework('2018');
  const panel = ratingsPanel(output, (id) => findKeyQuestion(fw, id)?.text ?? '');

  it('shows the published score and overall rating, and marks the uplifted figure with an asterisk', () => {
    expect(panel.score).toBe(seed.published.score);
    expect(panel.overall).toBe(seed.published.overall);
    const planning = panel.standards.find((s) => s.id === '2.2')!;
    expect(planning.computedRating).toBe('Requires improvement');
    expect(planning.rating).toBe('Good');
    expect(planning.applied?.rating).toBe('Good');
    expect(planning.lowestLabel).toMatch(/^\d+%\*$/);
    const lowestRows = planning.rows.filter((r) => r.lowest);
    expect(lowestRows.length).toBeGreaterThan(0);
    for (const r of lowestRows) expect(r.percent.endsWith('*')).toBe(true);
    expect(planning.rows.every((r) => r.text.length > 0)).toBe(true);
    expect(planning.reasons.length).toBeGreaterThan(0);
    expect(planning.reasons.join(' ')).toMatch(/five percentage points|one case|five cases or fewer/);
  });

  it('offers one band either side, never more', () => {
    expect(discretionChoices('Inadequate')).toEqual(['Requires improvement']);
    expect(discretionChoices('Requires improvement')).toEqual(['Inadequate', 'Good']);
    expect(discretionChoices('Outstanding')).toEqual(['Good']);
    expect(discretionChoices(null)).toEqual([]);
    expect(wholePercent(62.5)).toBe('63%');
    expect(wholePercent(null)).toBe('–');
  });

  it('renders with the lowest key question highlighted and the score out of 36', () => {
    const html = createViewEnvironment().render('partials/ratings-panel.njk', { panel, versions: {}, missingLinks: [], canDecide: true, baseUrl: '/i', fieldErrors: {} });
    expect(html).toContain(`${seed.published.score}/36`);
    expect(html).toContain('app-lowest');
    expect(html).toContain('Lowest');
    // Only eligible case-assessed standards get a discretion form.
    const forms = html.match(/data-replace="ratings-panel"/g)?.length ?? 0;
    expect(forms).toBe(panel.standards.filter((s) => s.eligible && s.choices.length > 0).length);
  });
});
