/**
 * The report as one standalone HTML page (inline styles and SVG charts, print CSS), from a nunjucks template
 * compiled once. The same page is what Chromium prints to PDF and what the web application can serve.
 */
import nunjucks from 'nunjucks';
import type { Chart } from './charts.js';
import type { ReportView } from './model.js';
import { ratingTone } from '../core/vocabulary.js';

const env = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
env.addFilter('tone', ratingTone);
env.addFilter('num', (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-GB')));

const STYLE = `
:root { --text: #0b0c0c; --muted: #505a5f; --line: #b1b4b6; --blue: #1d70b8; }
* { box-sizing: border-box; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; color: var(--text); margin: 0; line-height: 1.4; font-size: 16px; }
main { max-width: 960px; margin: 0 auto; padding: 24px; }
h1 { font-size: 32px; margin: 0 0 12px; } h2 { font-size: 26px; margin: 32px 0 12px; } h3 { font-size: 21px; margin: 24px 0 8px; } h4 { font-size: 17px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.lowest td { font-weight: bold; }
.cover { border-bottom: 6px solid var(--blue); padding-bottom: 16px; margin-bottom: 24px; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.rating { display: inline-block; font-weight: bold; padding: 2px 8px; border: 2px solid var(--text); }
/* The GOV.UK tag colours the web pages show each rating in (the text says the rating too). */
.tone-green { color: #005a30; background: #cce2d8; border-color: #005a30; }
.tone-turquoise { color: #10403c; background: #d4ecea; border-color: #10403c; }
.tone-yellow { color: #594d00; background: #fff7bf; border-color: #594d00; }
.tone-red { color: #2a0b06; background: #f4cdc6; border-color: #2a0b06; }
.tone-grey { color: #282d30; background: #e5e6e7; border-color: #282d30; }
td .rating { padding: 0 6px; border-width: 1px; }
.statement { font-size: 18px; }
.draft-box { border: 4px solid #d4351c; padding: 12px 16px; margin: 16px 0; }
.draft-box h2 { margin-top: 0; color: #d4351c; }
.draft-banner { background: #d4351c; color: #fff; font-weight: bold; padding: 8px 24px; }
@media print { .draft-banner { display: none; } }
.footnotes { font-size: 13px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 4px; }
.footnotes p { margin: 2px 0; }
.discretion { font-size: 14px; border-left: 4px solid var(--blue); padding-left: 8px; }
figure { margin: 16px 0; } figcaption { font-size: 14px; color: var(--muted); }
.chart svg { max-width: 100%; height: auto; }
.domain { break-before: page; }
.standard { break-inside: auto; }
table, figure, .keep { break-inside: avoid; }
h2, h3, h4, caption { break-after: avoid; }
/* Chromium does not always honour break-after on headings: a heading and what follows it are kept in one box. */
.keep-with-next { break-inside: avoid; }
@media screen { .table-scroll { overflow-x: auto; position: relative; } .table-scroll:focus { outline: 3px solid #ffdd00; } }
.annex td, .annex th { font-size: 12px; padding: 3px 6px; }
.annex tr.standard-row td { font-weight: bold; background: #f3f2f1; }
.annex td:last-child, .annex td.n { white-space: nowrap; }
@media print { main { max-width: none; padding: 0; } body { font-size: 11pt; } h1 { font-size: 24pt; } }
@page { size: A4; margin: 18mm 15mm; }
`;

const TEMPLATE = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if v.draft %}DRAFT – {% endif %}{{ v.title }}</title>
<style>{{ style | safe }}</style>
</head>
<body>
{% if v.draft %}<div class="draft-banner">DRAFT – not for publication: the data is incomplete (see the list below)</div>{% endif %}
<main>
<header class="cover">
  <p>HM Inspectorate of Probation framework ({{ v.framework.version }})</p>
  <h1>An inspection of youth justice services: {{ v.serviceName }}</h1>
  <dl>
    <dt>Service</dt><dd>{{ v.serviceName }}</dd>
    <dt>Fieldwork</dt><dd>{{ v.cover.fieldwork or "Not recorded" }}</dd>
    <dt>Published</dt><dd>{{ v.cover.published or "Not recorded" }}</dd>
    <dt>Lead inspector</dt><dd>{{ v.cover.leadInspector or "Not recorded" }}</dd>
  </dl>
</header>
{% if v.draft %}
<section class="draft-box" aria-labelledby="draft-heading">
  <h2 id="draft-heading">DRAFT: this report is incomplete</h2>
  <p>The following are missing from the data, so this report cannot be published yet:</p>
  <ul>{% for m in v.missing %}<li>{{ m }}</li>{% endfor %}</ul>
</section>
{% endif %}
{% if v.warnings.length %}
<section aria-labelledby="checks-heading"><h2 id="checks-heading">Checks for the ratings panel</h2>
<ul>{% for w in v.warnings %}<li>{{ w }}</li>{% endfor %}</ul></section>
{% endif %}

<section class="keep" aria-labelledby="ratings-heading">
<h2 id="ratings-heading">Ratings</h2>
<table id="ratings-table">
  <caption>{{ v.serviceName }}: score {{ v.ratings.scoreText }}, overall rating {{ v.ratings.overallText }}</caption>
  <thead><tr><th scope="col">Standard</th><th scope="col">Rating</th></tr></thead>
  <tbody>
    <tr><th scope="row">Score</th><td>{{ v.ratings.scoreText }}</td></tr>
    <tr><th scope="row">Overall rating</th><td><strong class="rating tone-{{ v.ratings.overallText | tone }}">{{ v.ratings.overallText }}</strong></td></tr>
  {% for d in v.ratings.domains %}
    <tr><th scope="rowgroup" colspan="2">{{ d.id }}. {{ d.name }}</th></tr>
    {% for s in d.standards %}<tr><td>{{ s.id }} {{ s.name }}{% if not s.counted %} (not counted){% endif %}</td><td><strong class="rating tone-{{ s.ratingText | tone }}">{{ s.ratingText }}</strong></td></tr>{% endfor %}
  {% endfor %}
  </tbody>
</table>
{% if v.ratings.notCountedNote %}<p>{{ v.ratings.notCountedNote }}</p>{% endif %}
</section>

{% if v.foreword.length %}<section aria-labelledby="foreword-heading"><h2 id="foreword-heading">Foreword</h2>{% for p in v.foreword %}<p>{{ p }}</p>{% endfor %}</section>{% endif %}

<section aria-labelledby="recs-heading">
<h2 id="recs-heading">Recommendations</h2>
{% if v.recommendations.length %}
{% for r in v.recommendations %}
<div class="keep-with-next"><h3>{{ r.addressee }}</h3>
<ol start="{{ r.items[0].n }}">{% for i in r.items %}<li>{{ i.text }}</li>{% endfor %}</ol></div>
{% endfor %}
{% else %}<p>No recommendations have been recorded.</p>{% endif %}
</section>

<section aria-labelledby="background-heading">
<h2 id="background-heading">Background and contextual facts</h2>
{% for p in v.background %}<p>{{ p }}</p>{% endfor %}
{% if v.context %}
{% if v.context.population %}<table><caption>Population information</caption><thead><tr><th scope="col">Measure</th><th scope="col" class="n">Number</th></tr></thead><tbody>
{% for p in v.context.population %}<tr><td>{{ p.label }}</td><td class="n">{{ p.value | num }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% for d in v.context.demographics %}
<table><caption>Demographics of children cautioned or sentenced: {{ d.dimension }}</caption>
<thead><tr><th scope="col">{{ d.dimension }}</th><th scope="col" class="n">{{ v.serviceName }}</th><th scope="col" class="n">National average</th></tr></thead>
<tbody>{% for c in d.categories %}<tr><td>{{ c.label }}</td><td class="n">{{ c.local }}%</td><td class="n">{% if c.national !== undefined %}{{ c.national }}%{% else %}—{% endif %}</td></tr>{% endfor %}</tbody></table>
{% endfor %}
{% if charts.context %}<figure class="chart"><div role="img" aria-label="{{ charts.context.alt }}">{{ charts.context.svg | safe }}</div><figcaption>{{ charts.context.alt }}</figcaption></figure>{% endif %}
{% if v.context.caseload %}<table><caption>Caseload by disposal type</caption><thead><tr><th scope="col">Disposal type</th><th scope="col" class="n">Current caseload</th></tr></thead><tbody>
{% for c in v.context.caseload %}<tr><td>{{ c.label }}</td><td class="n">{{ c.count }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if v.context.staffing %}<table><caption>Staffing</caption><tbody>
{% if v.context.staffing.headcount !== undefined %}<tr><th scope="row">Headcount</th><td class="n">{{ v.context.staffing.headcount }}</td></tr>{% endif %}
{% if v.context.staffing.fte !== undefined %}<tr><th scope="row">Full-time equivalent</th><td class="n">{{ v.context.staffing.fte }}</td></tr>{% endif %}
{% if v.context.staffing.averageCaseload !== undefined %}<tr><th scope="row">Average caseload</th><td class="n">{{ v.context.staffing.averageCaseload }}</td></tr>{% endif %}
</tbody></table>{% endif %}
{% if v.context.sources %}<div class="footnotes">{% for s in v.context.sources %}<p>Source: {{ s }}</p>{% endfor %}</div>{% endif %}
{% else %}<p>No contextual facts have been recorded.</p>{% endif %}
</section>

{% for d in v.domains %}
<section class="domain" aria-labelledby="domain-{{ d.id }}">
<h2 id="domain-{{ d.id }}">Domain {{ d.id }}: {{ d.name }}</h2>
{% for p in d.introduction %}<p>{{ p }}</p>{% endfor %}
{% if d.casesInspected !== null and d.id > 1 %}<p>We inspected {{ d.casesInspected }} {% if d.casesInspected == 1 %}case{% else %}cases{% endif %} in this domain.</p>{% endif %}
<div class="keep-with-next"><h3>Strengths</h3>
{% if d.strengths.length %}<ul>{% for s in d.strengths %}<li>{{ s }}</li>{% endfor %}</ul>{% else %}<p>Not recorded.</p>{% endif %}</div>
<div class="keep-with-next"><h3>Areas for improvement</h3>
{% if d.areasForImprovement.length %}<ul>{% for s in d.areasForImprovement %}<li>{{ s }}</li>{% endfor %}</ul>{% else %}<p>Not recorded.</p>{% endif %}</div>
{% set chart = charts.domains.get(d.id) %}
{% if chart %}<figure class="chart"><div role="img" aria-label="{{ chart.alt }}">{{ chart.svg | safe }}</div><figcaption>{{ chart.alt }}</figcaption></figure>{% endif %}
{% for s in d.standards %}
<section class="standard" id="standard-{{ s.id }}" aria-labelledby="standard-{{ s.id }}-h">
<div class="keep-with-next">
<h3 id="standard-{{ s.id }}-h">{{ s.id }}. {{ s.name }}</h3>
<p class="statement">{{ s.statement }}</p>
<p>Rating: <span class="rating tone-{{ s.ratingText | tone }}">{{ s.ratingText }}</span>{% if not s.counted %} (rated but not counted in the score){% endif %}</p>
</div>
{% if s.unratedReason %}<p><strong>{{ s.unratedReason }}</strong></p>{% endif %}
{% if s.guidingQuestions.length %}
<p>In making a judgement about {{ s.name | lower }}, we take into account the answers to the following questions:</p>
<ul>{% for q in s.guidingQuestions %}<li>{{ q.id }} {{ q.text }}</li>{% endfor %}</ul>
{% endif %}
{% if s.keyQuestionTable %}
<table class="kq-table">
<caption>Our rating for {{ s.name | lower }} is based on the following key questions. {{ s.keyQuestionTable.heading }}</caption>
<thead><tr><th scope="col">Key question</th><th scope="col" class="n">Relevant cases</th><th scope="col" class="n">Number 'Yes'</th><th scope="col" class="n">% 'Yes'</th></tr></thead>
<tbody>{% for r in s.keyQuestionTable.rows %}<tr{% if r.lowest %} class="lowest"{% endif %}><td>{{ r.id }} {{ r.text }}{% if r.footnote %}<sup>{{ r.footnote }}</sup>{% endif %}</td><td class="n">{{ r.relevant | num }}</td><td class="n">{{ r.yes | num }}</td><td class="n">{{ r.percentText }}</td></tr>{% endfor %}</tbody>
</table>
{% if s.discretion %}<p class="discretion">{{ s.discretion.text }}</p>{% endif %}
{% for p in s.narrative %}<p>{{ p }}</p>{% endfor %}
{% for t in s.promptTables %}
<div class="keep-with-next">
<h4>{{ t.keyQuestionText }}</h4>
<table class="prompt-table"><caption>{{ t.keyQuestionId }}: {{ t.heading }}</caption>
<thead><tr><th scope="col">Prompt</th><th scope="col" class="n">Relevant cases</th><th scope="col" class="n">Number 'Yes'</th><th scope="col" class="n">% 'Yes'</th></tr></thead>
<tbody>{% for r in t.rows %}<tr><td>{{ r.text }}</td><td class="n">{{ r.relevant | num }}</td><td class="n">{{ r.yes | num }}</td><td class="n">{{ r.percentText }}</td></tr>{% endfor %}</tbody></table>
</div>
{% endfor %}
{% else %}
{% for p in s.narrative %}<p>{{ p }}</p>{% endfor %}
{% endif %}
{% if s.footnotes.length %}<div class="footnotes">{% for f in s.footnotes %}<p><sup>{{ f.n }}</sup> {{ f.text }}</p>{% endfor %}</div>{% endif %}
</section>
{% endfor %}
</section>
{% endfor %}

<section class="domain" aria-labelledby="methodology-heading">
<h2 id="methodology-heading">Methodology</h2>
{% for s in v.methodology.samples %}
<div class="keep-with-next"><h3>{{ s.label }}</h3>
<p>We examined {{ s.total }} {% if s.total == 1 %}case{% else %}cases{% endif %}{% if s.window %} ({{ s.window }}){% endif %}.</p></div>
{% if s.changes %}<p>{{ s.changes }}</p>{% endif %}
{% if s.byDisposal.length %}<table><caption>{{ s.label }} inspected, by disposal type</caption><thead><tr><th scope="col">Disposal type</th><th scope="col" class="n">Cases</th></tr></thead><tbody>
{% for b in s.byDisposal %}<tr><td>{{ b.label }}</td><td class="n">{{ b.count }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% else %}<p>The case sample has not been recorded.</p>{% endfor %}
{% if v.methodology.confidenceLevel !== null %}<p>The sample size was set to achieve a confidence level of {{ v.methodology.confidenceLevel }} per cent (with a margin of error of {{ v.methodology.marginOfError }}), and the mix of gender, sentence or disposal type, risk of serious harm and safety and wellbeing classifications was matched to the eligible population where possible.</p>{% endif %}
{% if v.methodology.meetings !== null %}<p>We held {{ v.methodology.meetings }} meetings.</p>{% endif %}
{% if v.methodology.interviews.length %}<table><caption>Interviews</caption><tbody>{% for i in v.methodology.interviews %}<tr><th scope="row">{{ i.label }}</th><td class="n">{{ i.count }}</td></tr>{% endfor %}</tbody></table>{% endif %}
{% if v.methodology.surveys.length %}<table><caption>Surveys</caption><tbody>{% for i in v.methodology.surveys %}<tr><th scope="row">{{ i.label }}</th><td class="n">{{ i.count }}</td></tr>{% endfor %}</tbody></table>{% endif %}
<div class="keep-with-next"><h3>Rating rules</h3>
<p>Standards {{ v.rules.judgementStandards }} are rated by a single judgement from all the evidence. For each case-assessed standard, the rating is the band of its lowest key question, placed on the exact fraction of 'Yes' answers:</p></div>
<table><caption>Lowest key question and rating</caption><thead><tr><th scope="col">Key question % 'Yes'</th><th scope="col">Rating</th></tr></thead><tbody>
{% for b in v.rules.bands %}<tr><td>{{ b.range }}</td><td>{{ b.rating }}</td></tr>{% endfor %}</tbody></table>
<p>{{ v.rules.discretion }}</p>
<table><caption>Scores and the overall rating</caption><thead><tr><th scope="col">Standard rating</th><th scope="col" class="n">Score</th></tr></thead><tbody>
{% for r in v.rules.scores %}<tr><td>{{ r.rating }}</td><td class="n">{{ r.score }}</td></tr>{% endfor %}</tbody></table>
<p>The scores of the counted standards are added up (maximum {{ v.ratings.maxScore }}); the total gives the overall rating: {% for o in v.rules.overall %}{{ o.range }} {{ o.rating }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
</section>

<section class="domain annex" aria-labelledby="annex-heading">
<h2 id="annex-heading">Data annex</h2>
<table id="annex-table"><caption>Every standard, key question and prompt with its figures</caption>
<thead><tr><th scope="col">ID</th><th scope="col">Standard, key question or prompt</th><th scope="col" class="n">Relevant</th><th scope="col" class="n">Yes</th><th scope="col" class="n">%</th><th scope="col">Rating / band</th></tr></thead>
<tbody>{% for r in v.annex %}<tr class="{{ r.level }}-row{% if r.lowest %} lowest{% endif %}"><td>{{ r.id }}</td><td>{{ r.text }}</td><td class="n">{% if r.level != "standard" %}{{ r.relevant | num }}{% endif %}</td><td class="n">{% if r.level != "standard" %}{{ r.yes | num }}{% endif %}</td><td class="n">{{ r.percentText }}</td><td>{% if r.level == "standard" %}{{ r.rating or "Not rated" }}{% else %}{{ r.rating or "" }}{% endif %}</td></tr>{% endfor %}</tbody>
</table>
</section>
{% if v.analysis %}
<section class="domain annex analysis" aria-labelledby="analysis-heading" id="analysis-annex">
<h2 id="analysis-heading">Analysis annex: how firm each rating is</h2>
<p>This annex is not part of the published report. {{ v.analysis.method }}</p>
<table id="analysis-standards"><caption>Case-assessed standards: does the band hold across the interval of the lowest key question?</caption>
<thead><tr><th scope="col">Standard</th><th scope="col">Rating</th><th scope="col">How firm</th></tr></thead>
<tbody>{% for s in v.analysis.standards %}<tr><td>{{ s.id }} {{ s.name }}</td><td>{{ s.rating or "Not rated" }}</td><td>{{ s.words }}</td></tr>{% endfor %}</tbody>
</table>
<table id="analysis-key-questions"><caption>Key questions: Wilson score intervals{% if v.analysis.keyQuestions | selectattr("population") | length %} (population: the relevant cases' estimated population used for the finite population correction){% endif %}</caption>
<thead><tr><th scope="col">ID</th><th scope="col">Key question</th><th scope="col" class="n">Relevant</th><th scope="col" class="n">Yes</th><th scope="col" class="n">%</th>{% for l in v.analysis.levels %}<th scope="col" class="n">{{ l }}% interval</th>{% endfor %}<th scope="col" class="n">Population</th></tr></thead>
<tbody>{% for k in v.analysis.keyQuestions %}<tr{% if k.lowest %} class="lowest"{% endif %}><td>{{ k.id }}</td><td>{{ k.text }}</td><td class="n">{{ k.relevant }}</td><td class="n">{{ k.yes }}</td><td class="n">{{ k.percentText }}</td>{% for l in v.analysis.levels %}<td class="n">{{ k.intervalTexts[loop.index0] or "—" }}</td>{% endfor %}<td class="n">{{ k.population | num }}</td></tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}
</main>
</body>
</html>
`;

const template = nunjucks.compile(TEMPLATE, env);

export interface HtmlCharts {
  readonly domains: ReadonlyMap<number, Chart>;
  readonly context: Chart | null;
}

export function renderHtml(view: ReportView, charts: HtmlCharts): string {
  return scrollableTables(template.render({ v: view, charts, style: STYLE }));
}

/**
 * On a narrow screen a wide table scrolls inside its own box rather than pushing the page sideways; the box is
 * focusable (keyboard users can scroll it) and named after the table's caption. Printing is unaffected.
 */
function scrollableTables(html: string): string {
  return html.replace(/<table\b[\s\S]*?<\/table>/g, (table) => {
    const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1]?.replace(/<[^>]+>/g, '').trim() || 'Table';
    return `<div class="table-scroll" role="region" tabindex="0" aria-label="${caption.replace(/"/g, '&quot;')}">${table}</div>`;
  });
}

/** An empty page through the same engine and environment: the bench's baseline. */
const emptyTemplate = nunjucks.compile('<!DOCTYPE html><html lang="en-GB"><head><title>{{ t }}</title></head><body></body></html>', env);
export function renderEmptyPage(): string {
  return emptyTemplate.render({ t: 'empty' });
}
