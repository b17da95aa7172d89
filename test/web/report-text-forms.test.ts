/**
 * The report-text forms' flat fields: paragraphs split on blank lines, repeating rows with blank rows left
 * out, numbers as people type them, and each problem named by the field that shows it. The bodies they give
 * must pass the service's own schemas.
 */
import { describe, expect, it } from 'vitest';
import { SECTION_BODIES } from '../../src/app/report-text.js';
import {
  factsBodyFromForm, factsField, factsFormFromBody, factsFormFromPost, methodologyBodyFromForm, methodologyField, methodologyFormFromPost,
  paragraphsFromText, textFromParagraphs,
} from '../../src/web/report-text-forms.js';

describe('paragraph sections', () => {
  it('splits on blank lines, joins wrapped lines, and gives an empty list for an empty box', () => {
    expect(paragraphsFromText('First line\nwraps here.\r\n\r\n  \n\nSecond.\n')).toEqual(['First line wraps here.', 'Second.']);
    expect(paragraphsFromText('  \n \n')).toEqual([]);
    expect(paragraphsFromText(undefined)).toEqual([]);
    expect(paragraphsFromText(textFromParagraphs(['One.', 'Two.']))).toEqual(['One.', 'Two.']);
  });
});

describe('contextual facts', () => {
  it('reads posted rows in order, leaves blank rows out, and gives a body the service accepts', () => {
    const form = factsFormFromPost({
      'population.0.label': '', 'population.0.value': '', 'population.0.note': '',
      'population.1.label': 'Children aged 10 to 17', 'population.1.value': '61,000', 'population.1.note': 'mid-2024',
      'population.10.label': 'Children cautioned', 'population.10.value': '88', 'population.10.note': '',
      'demographics.0.dimension': '', 'demographics.0.categories.0.label': '', 'demographics.0.categories.0.local': '',
      'demographics.1.dimension': 'Age', 'demographics.1.categories.0.label': '10 to 14', 'demographics.1.categories.0.local': '32%', 'demographics.1.categories.0.national': '',
      'caseload.0.label': 'Referral order', 'caseload.0.count': '12',
      'staffing.headcount': '24', 'staffing.fte': '21.5', 'staffing.averageCaseload': '',
      sources: 'Youth Justice Board\n\n  County census  \n',
    });
    const { body, problems } = factsBodyFromForm(form);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      population: [{ label: 'Children aged 10 to 17', value: 61000, note: 'mid-2024' }, { label: 'Children cautioned', value: 88 }],
      demographics: [{ dimension: 'Age', unit: 'percent', categories: [{ label: '10 to 14', local: 32 }] }],
      caseload: [{ label: 'Referral order', count: 12 }],
      staffing: { headcount: 24, fte: 21.5 },
      sources: ['Youth Justice Board', 'County census'],
    });
    expect(SECTION_BODIES['contextual-facts'].parse(body)).toEqual(body);
    // Shown again, the stored body gives back the same form.
    expect(factsBodyFromForm(factsFormFromBody(body)).body).toEqual(body);
  });

  it('names each mistake by its field, in words a person can act on', () => {
    const { problems } = factsBodyFromForm(factsFormFromPost({
      'population.0.label': 'Children', 'population.0.value': 'lots',
      'demographics.0.dimension': 'Age', 'demographics.0.categories.0.label': '15 to 17', 'demographics.0.categories.0.local': '120',
      'demographics.1.dimension': 'Gender',
      'caseload.0.label': '', 'caseload.0.count': '2.5',
      'staffing.headcount': '3.5',
    }));
    expect(Object.fromEntries(problems)).toEqual({
      'population.0.value': 'Enter the figure for population row 1 as a number, like 12.5',
      'demographics.0.categories.0.local': 'Enter the local percentage for 15 to 17 in the Age table as a percentage between 0 and 100, like 23.5',
      'demographics.1.categories.0.label': 'Enter at least one category for the Gender table',
      'caseload.0.label': 'Enter the disposal type in caseload row 1',
      'caseload.0.count': 'Enter the number for caseload row 1 as a whole number, like 12',
      'staffing.headcount': 'Enter the staff headcount as a whole number, like 12',
    });
  });

  it('points the service\'s field paths at the boxes that show them', () => {
    expect(factsField('body.population.2.value')).toBe('population.2.value');
    expect(factsField('body.demographics.1.categories')).toBe('demographics.1.categories.0.label');
    expect(factsField('body.sources.3')).toBe('sources');
  });
});

describe('methodology', () => {
  it('leaves out what is blank, so the sampling plan\'s figures apply', () => {
    const { body, problems } = methodologyBodyFromForm(methodologyFormFromPost({
      confidenceLevel: '', marginOfError: '5.5', meetings: '14',
      'interviews.0.label': 'Case managers', 'interviews.0.count': '12', 'interviews.1.label': '', 'interviews.1.count': '',
      'windows.court': ' seven to 10 months earlier ', 'windows.outOfCourt': '', 'windows.resettlement': 'ignored for 2018',
    }), false);
    expect(problems).toEqual([]);
    expect(body).toEqual({ marginOfError: 5.5, meetings: 14, interviews: [{ label: 'Case managers', count: 12 }], windows: { court: 'seven to 10 months earlier' } });
    expect(SECTION_BODIES.methodology.parse(body)).toEqual(body);
    expect(methodologyBodyFromForm(methodologyFormFromPost({ 'windows.resettlement': 'three months' }), true).body).toEqual({ windows: { resettlement: 'three months' } });
    expect(methodologyBodyFromForm(methodologyFormFromPost({ confidenceLevel: 'high' }), false).problems).toEqual([['confidenceLevel', 'Enter the confidence level as a percentage between 0 and 100, like 80']]);
    expect(methodologyField('body.surveys.0')).toBe('surveys.0.label');
  });
});
