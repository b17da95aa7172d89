/**
 * importReportText: one published report's text → ImportedReport. Pure (no I/O), never throws, and never
 * guesses a number: what it cannot read becomes a warning with the source line.
 *
 * The reading is driven by the framework definitions: standard ids and names find the sections, key
 * question and prompt wordings (fuzzily) say which row a figure belongs to, and "Of the N cases …" table
 * headers bound the counts.
 */
import type { DomainId, Framework, FrameworkVersion, Rating } from '../core/framework/types.js';
import { DOMAINS } from '../core/vocabulary.js';
import { figureTokens, readRows, runTogetherCounts, splitTrailingFigures, type FigureRow } from './figures.js';
import {
  readOverall,
  readProvider,
  readPublished,
  readRecommendations,
  sampleStatements,
  readNumber,
  type SampleKind,
} from './front-matter.js';
import { compact, containsApprox } from './fuzzy.js';
import { findInlineHeading, isAnnexHeading, parseDomainHeading, parseRating, parseStandardHeading } from './headings.js';
import { Flow, toLines, type Line } from './lines.js';
import { QuestionIndex, type QuestionEntry } from './matcher.js';
import { laterProgramme, programmeMessage } from './programme.js';
import { SERVICE } from './service-name.js';
import type { ImportedDiscretion, ImportedReport, ImportedStandard, ImportWarning } from './schema.js';

export interface ImportOptions {
  /** Named in warnings about the file as a whole; the reading does not depend on it. */
  readonly fileName?: string;
  /** The framework versions to read against (default: every version yjinspect knows). */
  readonly frameworks: readonly Framework[];
}

interface Figure {
  relevant: number | null;
  yes: number | null;
  percent: number | null;
  marked: boolean;
  line: number;
}

interface StandardState {
  /** Where the standard's own section begins, for warnings about the standard as a whole. */
  headingLine: number | null;
  ratings: { rating: Rating; line: number; nameMatches: boolean }[];
  figures: Map<string, Figure>;
  discretionLines: number[];
  marked: boolean;
}

interface PendingQuestion {
  entry: QuestionEntry;
  line: number;
  /** The "Of the N cases" header above it, if any. */
  tableN: number | null;
}

const MAX_LINES = 200_000;

function emptyReport(warnings: ImportWarning[]): ImportedReport {
  return {
    provider: null,
    published: null,
    framework: null,
    overall: { rating: null, score: null, maxScore: null },
    standards: [],
    caseSample: { court: null, outOfCourt: null, resettlement: null },
    recommendations: [],
    warnings,
  };
}

export function importReportText(text: string, options: ImportOptions): ImportedReport {
  try {
    return importUnsafe(typeof text === 'string' ? text : '', options);
  } catch (err) {
    // A bug must not lose the user's file or crash a batch import: report it as a warning.
    return emptyReport([{ line: null, message: `the importer failed unexpectedly (${(err as Error).message}); nothing was read` }]);
  }
}

/** Which framework the report uses: 3.4's name and a 4.1 standard decide; the publication year breaks ties. */
function detectFramework(lines: readonly Line[], frameworks: readonly Framework[], published: string | null): { framework: Framework; decided: boolean } {
  const votes = new Map<FrameworkVersion, number>();
  for (const line of lines) {
    for (const f of frameworks) {
      const h = parseStandardHeading(line.text, f);
      if (!h || !h.nameMatches) continue;
      // A standard whose id and name only this version has is evidence for it.
      const s = f.standards.find((x) => x.id === h.id)!;
      const unique = frameworks.every((g) => g === f || !g.standards.some((x) => x.id === s.id && compact(x.name) === compact(s.name)));
      if (unique) votes.set(f.version, (votes.get(f.version) ?? 0) + 1);
    }
  }
  const ranked = [...frameworks].sort((a, b) => (votes.get(b.version) ?? 0) - (votes.get(a.version) ?? 0));
  const top = ranked[0]!;
  if ((votes.get(top.version) ?? 0) > 0 && (votes.get(top.version) ?? 0) !== (votes.get(ranked[1]?.version ?? top.version) ?? 0)) {
    return { framework: top, decided: true };
  }
  if (published) {
    // The 2021 framework applies to reports from late 2021.
    const byDate = [...frameworks].sort((a, b) => Number(b.version) - Number(a.version)).find((f) => published >= `${f.version}-10`);
    if (byDate) return { framework: byDate, decided: true };
  }
  return { framework: [...frameworks].sort((a, b) => Number(a.version) - Number(b.version))[0]!, decided: false };
}

/** Cheap test before the fuzzy one: OCR rarely breaks all of these letter groups at once. */
const DISCRETION_HINT = /d\W?[il1I|]\W?s\W?c|cret|etion/i;
const TABLE_HEADER = /\bof the\s+(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(cases?|children)\b(.*)$/i;

function importUnsafe(text: string, options: ImportOptions): ImportedReport {
  const warnings: ImportWarning[] = [];
  const warn = (line: number | null, message: string) => warnings.push({ line, message });
  if (options.frameworks.length === 0) return emptyReport([{ line: null, message: 'no framework definitions to read against' }]);
  if (text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]{8,}/.test(text.slice(0, 4096))) {
    warn(null, `${options.fileName ?? 'the file'} looks binary, not report text (for a PDF, import the .pdf file itself)`);
  }
  let lines = toLines(text);
  if (lines.length > MAX_LINES) {
    warn(MAX_LINES, `the text has ${lines.length} lines; only the first ${MAX_LINES} were read`);
    lines = lines.slice(0, MAX_LINES);
  }
  lines = dropPageFurniture(lines, options.frameworks);
  const flow = new Flow(lines);

  const provider = readProvider(lines);
  if (!provider) warn(null, 'the service inspected is not named in a form recognised ("… Youth Offending Service", "Camden YJS", "youth offending services in Camden")');
  const place = provider?.value.replace(SERVICE, '').trim();
  const published = readPublished(lines, [provider?.value ?? '', place ?? '']);
  if (!published) warn(null, 'no publication date found (a month and year near the front of the report)');
  else if (!published.value.includes('-')) warn(published.line, `only the year of publication was found (${published.value})`);

  const later = laterProgramme(lines, flow);
  if (later) {
    // Its standards share ids and names with ours: reading them against 2018 or 2021 would mislead.
    return {
      ...emptyReport([...warnings, { line: later.line, message: programmeMessage(later, options.frameworks.map((f) => f.version)) }]),
      provider: provider?.value ?? null,
      published: published?.value ?? null,
    };
  }

  const { framework, decided } = detectFramework(lines, options.frameworks, published?.value ?? null);
  if (!decided) warn(null, `could not tell which framework the report uses; read against the ${framework.version} framework`);
  const index = new QuestionIndex(framework);

  const states = new Map<string, StandardState>();
  const state = (id: string): StandardState => {
    let s = states.get(id);
    if (!s) {
      s = { headingLine: null, ratings: [], figures: new Map(), discretionLines: [], marked: false };
      states.set(id, s);
    }
    return s;
  };

  let ctxStandard: string | null = null;
  let ctxDomain: DomainId | null = null;
  let ctxKeyQuestion: string | null = null;
  let inAnnex = false;
  let tableN: number | null = null;
  /** Standard heading seen this many non-empty lines ago (a rating alone on a line close after it is its rating). */
  let sinceHeading = Infinity;
  /** Standard headings printed one after another with no rating (a flattened ratings table's first column). */
  let headingRun: string[] = [];
  /** Questions recognised since the last standard heading. */
  let questionsInStandard = 0;
  let pendingText = '';
  let queue: PendingQuestion[] = [];
  let figureRun: { tokens: string[]; line: number } | null = null;
  const domainAt = new Map<number, DomainId | null>();
  const headerNs: { domain: DomainId | null; n: number; line: number }[] = [];

  const recordFigure = (q: PendingQuestion, row: FigureRow, line: number) => {
    const std = q.entry.standard;
    const where = `${q.entry.kind} ${q.entry.id}`;
    let { relevant, yes, percent } = row;
    if (relevant !== null && yes !== null) {
      if (yes > relevant) {
        warn(line, `${where}: ${yes} 'Yes' out of ${relevant} relevant cases cannot be right; the counts were not used`);
        relevant = yes = null;
      } else if (q.tableN !== null && relevant > q.tableN) {
        warn(line, `${where}: ${relevant} relevant cases is more than the ${q.tableN} cases of its table; the counts were not used`);
        relevant = yes = null;
      }
    }
    if (relevant === 0 && percent !== null) {
      // No relevant cases: there is no percentage; "0%" is the table's placeholder, any other is a slip.
      if (percent !== 0) warn(line, `${where}: ${percent}% is printed for no relevant cases; not used`);
      percent = null;
    }
    if (percent !== null && percent > 100) {
      warn(line, `${where}: ${percent}% is not a percentage; not used`);
      percent = null;
    }
    if (relevant === null && yes === null && percent === null) return;
    const s = state(std);
    const prior = s.figures.get(q.entry.id);
    if (row.marked) s.marked = true;
    if (prior) {
      // Printed twice (section table and annex): merge, and say so when they disagree.
      const clash = (a: number | null, b: number | null) => a !== null && b !== null && a !== b;
      if (clash(prior.relevant, relevant) || clash(prior.yes, yes) || clash(prior.percent, percent)) {
        warn(line, `${where} is printed twice with different figures (line ${prior.line} and line ${line}); the first was kept`);
      }
      prior.relevant ??= relevant;
      prior.yes ??= yes;
      prior.percent ??= percent;
      prior.marked ||= row.marked;
      return;
    }
    s.figures.set(q.entry.id, { relevant, yes, percent, marked: row.marked, line });
  };

  const flushFigures = () => {
    if (!figureRun) return;
    const { tokens, line } = figureRun;
    figureRun = null;
    // Question words without a question mark (lost in extraction) still end where figures begin.
    if (queue.length === 0 && pendingText.length > 20) completeQuestion('', line, null);
    const glued = queue.length > 0 && ctxStandard && !inAnnex ? runTogetherCounts(tokens, queue.at(-1)!.tableN) : null;
    if (glued && glued.percent !== null) {
      // With the percentage agreeing, only one reading of the run-together counts is possible: use it, and say so.
      warn(line, `"${tokens.join(' ')}" read as ${glued.relevant} relevant cases, ${glued.yes} 'Yes', ${glued.percent}% (the counts were printed run together)`);
      recordFigure(queue.at(-1)!, glued, line);
      queue = [];
      return;
    }
    const { rows, stray } = bestRows(tokens, queue.length, tableN);
    if (rows.length === 0) {
      // A lone number is a page number or footnote; after a question it may be run-together counts ("86").
      if (queue.length > 0 && stray > 0 && ctxStandard && !inAnnex) {
        const reading = glued ? ` (if they are counts printed run together, they read as ${glued.relevant} relevant cases, ${glued.yes} 'Yes')` : '';
        warn(line, `"${tokens.join(' ')}" after a question cannot be read as counts (relevant and 'Yes') or a percentage${reading}; not used`);
        queue = [];
      }
      return;
    }
    if (queue.length === 0) {
      // Inside a standard's tables (a question already read there) unattached figures are worth a warning;
      // elsewhere they are contextual tables (population, demographics) that the import does not cover.
      if (ctxStandard && !inAnnex && questionsInStandard > 0) warn(line, `figures "${tokens.join(' ')}" do not follow a question that was recognised; not used`);
      return;
    }
    if (rows.length > queue.length) {
      warn(line, `${rows.length} rows of figures ("${tokens.join(' ')}") after ${queue.length} recognised question(s); not used`);
      queue = [];
      return;
    }
    // Rows belong to the last questions read, in order (a flattened table prints questions, then figures).
    const targets = queue.slice(queue.length - rows.length);
    rows.forEach((row, i) => recordFigure(targets[i]!, row, line));
    queue = [];
  };

  const completeQuestion = (words: string, line: number, explicitId: string | null) => {
    const block = `${pendingText} ${words}`;
    pendingText = '';
    let entry: QuestionEntry | undefined;
    if (explicitId) {
      entry = index.get(explicitId);
      if (entry && ctxStandard !== entry.standard) ctxStandard = entry.standard;
    }
    if (!entry) {
      const m = index.match(block, { standard: ctxStandard, keyQuestion: ctxKeyQuestion });
      if (!m) return;
      if (m.rivals.length > 0) {
        warn(line, `this question reads as ${[m.entry, ...m.rivals].map((e) => e.id).join(' or ')}; its figures were not used`);
        queue.push({ entry: { ...m.entry, id: '?' }, line, tableN });
        return;
      }
      entry = m.entry;
    }
    if (entry.standard !== ctxStandard) ctxStandard = entry.standard;
    if (entry.kind === 'key question') ctxKeyQuestion = entry.id;
    questionsInStandard++;
    queue.push({ entry, line, tableN });
  };

  // The index also skips the continuation lines a table row consumed (see continuationOf).
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const raw = line.text.trim();
    domainAt.set(line.no, ctxDomain);
    if (raw === '') continue;

    // A run of figures, possibly over several lines.
    const tokens = figureTokens(raw);
    if (tokens) {
      // A table row's figures printed beside the first lines of a wrapped question: finish the question first.
      const rest = pendingText.length > 20 && !figureRun ? continuationOf(lines, li) : null;
      if (rest) {
        completeQuestion(rest.text, lines[rest.end]!.no, null);
        figureRun = { tokens: [...tokens], line: line.no };
        flushFigures();
        li = rest.end;
        continue;
      }
      if (figureRun) figureRun.tokens.push(...tokens);
      else figureRun = { tokens: [...tokens], line: line.no };
      continue;
    }
    flushFigures();

    if (isAnnexHeading(raw)) {
      inAnnex = true;
      ctxDomain = null;
      ctxStandard = null;
      ctxKeyQuestion = null;
      pendingText = '';
      queue = [];
      continue;
    }
    const domain = parseDomainHeading(raw, framework);
    if (domain !== null) {
      ctxDomain = domain;
      ctxStandard = null;
      ctxKeyQuestion = null;
      pendingText = '';
      queue = [];
      domainAt.set(line.no, domain);
      continue;
    }
    const heading = parseStandardHeading(raw, framework);
    if (heading) {
      const st = state(heading.id);
      if (heading.rating) st.ratings.push({ rating: heading.rating, line: line.no, nameMatches: heading.nameMatches });
      // Consecutive headings without ratings may be a table's first column, its ratings following as a run.
      if (heading.rating || !heading.nameMatches) headingRun = [];
      else headingRun.push(heading.id);
      if (heading.nameMatches) {
        // The last heading is the section's (the ratings table and contents come first).
        st.headingLine = line.no;
        ctxStandard = heading.id;
        ctxDomain = framework.standards.find((s) => s.id === heading.id)!.domain;
        domainAt.set(line.no, ctxDomain);
        ctxKeyQuestion = null;
        sinceHeading = 0;
        questionsInStandard = 0;
        pendingText = '';
        queue = [];
        tableN = null;
      } else {
        const name = framework.standards.find((s) => s.id === heading.id)!.name;
        warn(line.no, `"${raw}" is read as ${heading.id} ${name}, whose name is printed differently`);
      }
      continue;
    }
    const inline = findInlineHeading(raw, framework);
    if (inline) {
      ctxStandard = inline;
      ctxDomain = framework.standards.find((s) => s.id === inline)!.domain;
      ctxKeyQuestion = null;
      sinceHeading = 0;
      questionsInStandard = 0;
      pendingText = '';
      queue = [];
      continue;
    }
    sinceHeading++;

    // A rating alone on a line, close under a standard heading, is that standard's rating.
    const alone = raw.length <= 40 ? parseRating(raw.replace(/^(?:our\s+)?rating\s*[:–-]\s*/i, '')) : null;
    if (alone && headingRun.length > 1) {
      // A flattened ratings table: as many ratings in a row as headings before them, in the same order.
      const run: { rating: Rating; no: number; index: number }[] = [];
      for (let j = li; j < lines.length && run.length <= headingRun.length; j++) {
        const t = lines[j]!.text.trim();
        if (t === '') continue;
        const r = t.length <= 40 ? parseRating(t) : null;
        if (!r) break;
        run.push({ rating: r, no: lines[j]!.no, index: j });
      }
      if (run.length === headingRun.length) {
        run.forEach((r, k) => state(headingRun[k]!).ratings.push({ rating: r.rating, line: r.no, nameMatches: true }));
        li = run[run.length - 1]!.index;
      } else {
        warn(line.no, `${run.length} ratings follow ${headingRun.length} standard headings (${headingRun.join(', ')}); which is which cannot be told, so none was used`);
        li = run[run.length - 1]!.index;
      }
      headingRun = [];
      sinceHeading = Infinity;
      continue;
    }
    headingRun = [];
    if (alone && ctxStandard && sinceHeading <= 8) {
      state(ctxStandard).ratings.push({ rating: alone, line: line.no, nameMatches: true });
      sinceHeading = Infinity;
      continue;
    }

    if (ctxStandard && !inAnnex && DISCRETION_HINT.test(raw) && containsApprox(raw, 'discretion', 0.1)) state(ctxStandard).discretionLines.push(line.no);

    const header = TABLE_HEADER.exec(raw);
    if (header && raw.length < 120) {
      const n = readNumber(header[1]!);
      if (n !== null) {
        tableN = n;
        // "Of the 8 cases inspected" counts the whole sample; "Of the 5 cases with factors …" a sub-sample.
        if (/inspected/i.test(header[3] ?? '')) headerNs.push({ domain: ctxDomain, n, line: line.no });
        pendingText = '';
        continue;
      }
    }

    // Question text: it ends at a question mark, possibly followed by the row's figures.
    const idMatch = /^([1-4])\.([1-4])\.([1-9])\.?\s+(.*)$/.exec(raw);
    const body = idMatch ? idMatch[4]! : raw;
    const { words, figures } = splitTrailingFigures(body);
    const endsQuestion = /\?\s*$/.test(words) || figures !== null || idMatch !== null;
    const rest = figures && !/\?\s*$/.test(words) ? continuationOf(lines, li) : null;
    if (rest) {
      // "Does assessment … support the\t8\t6" then "child's desistance?": the figures belong after it.
      pendingText = `${pendingText} ${words}`;
      completeQuestion(rest.text, lines[rest.end]!.no, idMatch ? `${idMatch[1]}.${idMatch[2]}.${idMatch[3]}` : null);
      figureRun = { tokens: figures!, line: line.no };
      flushFigures();
      li = rest.end;
      continue;
    }
    if (endsQuestion) {
      completeQuestion(words, line.no, idMatch ? `${idMatch[1]}.${idMatch[2]}.${idMatch[3]}` : null);
      if (figures) {
        figureRun = { tokens: figures, line: line.no };
        flushFigures();
      }
      continue;
    }
    // Keep only the words since the last sentence end: a question starts after it.
    const joined = `${pendingText} ${raw}`.replace(/\b(e\.g|i\.e|etc)\./gi, '$1');
    const cut = Math.max(joined.lastIndexOf('. '), joined.lastIndexOf(': '), joined.endsWith('.') || joined.endsWith(':') ? joined.length - 1 : -1);
    pendingText = cut >= 0 ? joined.slice(cut + 1).trim() : joined.slice(-500);
  }
  flushFigures();

  // ---- Assemble standards ----
  const standards: ImportedStandard[] = [];
  const stated = new Set(states.keys());
  for (const def of framework.standards) {
    const s = states.get(def.id);
    if (!s && !stated.size) continue;
    const ratings = s?.ratings ?? [];
    const preferred = ratings.find((r) => r.nameMatches) ?? ratings[0];
    const rating = preferred?.rating ?? null;
    if (!rating) warn(s?.headingLine ?? null, `no rating found for ${def.id} ${def.name}`);
    const other = ratings.find((r) => r.rating !== rating);
    if (rating && other) warn(other.line, `${def.id} ${def.name} is printed as '${other.rating}' here but '${rating}' at line ${preferred!.line}; '${rating}' was used`);
    const keyQuestions: ImportedStandard['keyQuestions'] = [];
    const prompts: ImportedStandard['prompts'] = [];
    for (const kq of def.keyQuestions) {
      const f = s?.figures.get(kq.id);
      if (f) keyQuestions.push({ id: kq.id, relevant: f.relevant, yes: f.yes, percent: f.percent ?? derivedPercent(f) });
      else if (def.kind === 'case-assessed' && s && s.figures.size > 0) warn(s.headingLine, `no figures found for key question ${kq.id} (in ${def.id} ${def.name})`);
      for (const p of kq.prompts) {
        const pf = s?.figures.get(p.id);
        if (pf) prompts.push({ id: p.id, text: p.text, relevant: pf.relevant, yes: pf.yes, percent: pf.percent ?? derivedPercent(pf) });
      }
    }
    for (const kq of keyQuestions) {
      const f = s!.figures.get(kq.id)!;
      if (f.relevant !== null && f.yes !== null && f.percent !== null && f.relevant > 0) {
        const exact = (f.yes * 100) / f.relevant;
        if (Math.abs(exact - f.percent) > 1) warn(f.line, `key question ${kq.id}: ${f.yes}/${f.relevant} is ${exact.toFixed(1)}%, but ${f.percent}% is printed`);
      }
    }
    standards.push({
      id: def.id,
      name: def.name,
      rating,
      keyQuestions,
      prompts,
      discretion: readDiscretion(s, flow, rating),
    });
  }
  if (states.size === 0) warn(null, 'no standard of the framework was found: is this an HM Inspectorate of Probation youth inspection report?');

  // ---- Overall ----
  const overallFound = readOverall(lines, flow);
  const overallRating = overallFound.ratings[0]?.value ?? null;
  if (!overallRating) warn(null, 'no overall rating found');
  const clash = overallFound.ratings.find((r) => r.value !== overallRating);
  if (clash) warn(clash.line, `the overall rating is given as '${clash.value}' here but '${overallRating}' at line ${overallFound.ratings[0]!.line}`);
  if (!overallFound.score) warn(null, 'no score ("Score 32/36") found');

  // ---- Case sample ----
  const caseSample = readCaseSample(flow, domainAt, headerNs, warn, framework.domains.some((d) => d.id === 4));

  // ---- Recommendations ----
  const recs = readRecommendations(lines);
  if (recs.line === null) warn(null, 'no recommendations section found');
  if (recs.claimed && recs.claimed.value !== recs.items.length) {
    warn(recs.claimed.line, `the report says it makes ${recs.claimed.value} recommendations; ${recs.items.length} were found`);
  }

  return {
    provider: provider?.value ?? null,
    published: published?.value ?? null,
    framework: decided ? framework.version : null,
    overall: {
      rating: overallRating,
      score: overallFound.score?.value.score ?? null,
      maxScore: overallFound.score?.value.max ?? null,
    },
    standards,
    caseSample,
    recommendations: recs.items.map((r) => ({ addressee: r.addressee, text: r.text })),
    warnings,
  };
}

/**
 * The rest of a wrapped question after line `li`: up to three following lines that start in lower case
 * (a continuation, not a new question), carry no figures, and end with its question mark.
 */
function continuationOf(lines: readonly Line[], li: number): { text: string; end: number } | null {
  const parts: string[] = [];
  for (let j = li + 1; j < lines.length && parts.length < 3; j++) {
    const t = lines[j]!.text.trim();
    if (t === '') continue;
    if (!/^[a-z‘’'"(]/.test(t) || figureTokens(t) || t.length > 160) return null;
    parts.push(t);
    if (/\?\s*\d{0,2}\s*$/.test(t)) return { text: parts.join(' ').replace(/\?\s*\d{1,2}\s*$/, '?'), end: j };
  }
  return null;
}

/**
 * Running headers and footers ("Inspection of youth offending services: Stockton-on-Tees YOS 22") and
 * repeated footnotes interrupt sentences and table rows wherever a page breaks. A line with a number in it
 * that recurs (numbers aside) three or more times is page furniture, unless it is a question, a table
 * header or a domain or standard heading.
 */
function dropPageFurniture(lines: readonly Line[], frameworks: readonly Framework[]): Line[] {
  const key = (t: string) => t.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
  const counts = new Map<string, number>();
  // Not a question, a table header, a numbered key question, or a table row ending in figures ("… 8 6 75%").
  const candidate = (t: string) =>
    t.length >= 15 && /\d/.test(t) && !t.includes('?') && !/^of the\b/i.test(t) && !/^\d\.\d\.\d/.test(t) && !/(\d\s+\d|%)\s*\*?\s*$/.test(t);
  for (const l of lines) if (candidate(l.text)) counts.set(key(l.text), (counts.get(key(l.text)) ?? 0) + 1);
  return lines.map((l) => {
    if (!candidate(l.text) || (counts.get(key(l.text)) ?? 0) < 3) return l;
    if (frameworks.some((f) => parseStandardHeading(l.text, f) || parseDomainHeading(l.text, f) !== null)) return l;
    return { ...l, text: '' };
  });
}

/**
 * Reads a run of figure tokens into rows. When the run has a stray number at either end (a page number
 * or footnote that landed among the figures), the reading without it is preferred if that makes every
 * pair possible (yes ≤ relevant ≤ the table's cases) and fits the questions waiting.
 */
function bestRows(tokens: readonly string[], waiting: number, tableN: number | null): ReturnType<typeof readRows> {
  const plain = readRows(tokens);
  if (plain.stray === 0 && plain.rows.every((r) => possible(r, tableN))) return plain;
  for (const cut of [tokens.slice(1), tokens.slice(0, -1)]) {
    if (cut.length === 0) continue;
    const alt = readRows(cut);
    if (alt.stray === 0 && alt.rows.length > 0 && alt.rows.length <= Math.max(waiting, 1) && alt.rows.every((r) => possible(r, tableN))) return alt;
  }
  return plain;
}

function possible(r: FigureRow, tableN: number | null): boolean {
  if (r.relevant === null || r.yes === null) return true;
  return r.yes <= r.relevant && (tableN === null || r.relevant <= tableN);
}

/** Whole-number percentage of printed counts, rounded half up as the reports print them. */
function derivedPercent(f: { relevant: number | null; yes: number | null }): number | null {
  if (f.relevant === null || f.yes === null || f.relevant === 0) return null;
  return Math.round((f.yes * 100) / f.relevant);
}

/**
 * A standard's discretion: the sentences where the report says the panel applied it ("we applied
 * professional discretion … uplifting it to 'Good'"), or a figure marked "45%*". General explanations
 * ("discretion may be applied") are not statements that it was.
 */
function readDiscretion(s: StandardState | undefined, flow: Flow, rating: Rating | null): ImportedDiscretion | null {
  if (!s) return null;
  for (const no of s.discretionLines) {
    const sentences = sentencesAround(flow, no);
    const main = sentences.find((x) => /discretion/i.test(x));
    if (!main || /\bmay\b|\bcan\b|\bconsiders whether\b/i.test(main)) continue;
    const text = sentences.join(' ').replace(/\s+/g, ' ').trim();
    const mentioned = new Set<Rating>();
    for (const m of text.matchAll(/\b(Inadequate|Requires improvement|Good|Outstanding)\b/gi)) {
      const r = parseRating(m[1]!);
      if (r && r !== rating) mentioned.add(r);
    }
    return { applied: true, from: mentioned.size === 1 ? [...mentioned][0]! : null, text };
  }
  if (s.marked) return { applied: true, from: null, text: null };
  return null;
}

const startsCache = new WeakMap<Flow, number[]>();

/** Offsets where sentences of the running text begin (computed once per text). */
function sentenceStarts(flow: Flow): number[] {
  let starts = startsCache.get(flow);
  if (!starts) {
    starts = [0];
    for (const m of flow.text.matchAll(/[.!?]['’”]?\s+(?=[A-Z‘'"“])/g)) starts.push(m.index + m[0].length);
    starts.push(flow.text.length);
    startsCache.set(flow, starts);
  }
  return starts;
}

/** The sentence that mentions discretion, with the one before it (which often names the first rating). */
function sentencesAround(flow: Flow, lineNo: number): string[] {
  const t = flow.text;
  // Find the first offset on that line.
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const l = flow.lineAt(mid) ?? 0;
    if (l < lineNo) lo = mid + 1;
    else hi = mid;
  }
  const idx = t.toLowerCase().indexOf('discretion', lo);
  if (idx < 0) return [];
  const starts = sentenceStarts(flow);
  let k = 0;
  while (k + 1 < starts.length && starts[k + 1]! <= idx) k++;
  const out: string[] = [];
  for (let j = Math.max(0, k - 1); j < Math.min(starts.length - 1, k + 1); j++) out.push(t.slice(starts[j], starts[j + 1]).trim());
  return out;
}

const KIND_OF_DOMAIN: Record<number, SampleKind | undefined> = Object.fromEntries(DOMAINS.map((d) => [d.code, d.key]));

function readCaseSample(
  flow: Flow,
  domainAt: Map<number, DomainId | null>,
  headerNs: readonly { domain: DomainId | null; n: number; line: number }[],
  warn: (line: number | null, message: string) => void,
  hasResettlement: boolean,
): ImportedReport['caseSample'] {
  const found: Record<SampleKind, { n: number; line: number | null }[]> = { court: [], outOfCourt: [], resettlement: [] };
  for (const st of sampleStatements(flow)) {
    const line = flow.lineAt(st.offset);
    const kind = st.kind ?? (line !== null ? KIND_OF_DOMAIN[domainAt.get(line) ?? 0] : undefined);
    if (kind) found[kind].push({ n: st.count, line });
  }
  const out: ImportedReport['caseSample'] = { court: null, outOfCourt: null, resettlement: null };
  const kinds: SampleKind[] = hasResettlement ? ['court', 'outOfCourt', 'resettlement'] : ['court', 'outOfCourt'];
  for (const kind of kinds) {
    const list = found[kind];
    const headers = headerNs.filter((h) => h.domain !== null && KIND_OF_DOMAIN[h.domain] === kind);
    const largestHeader = headers.reduce<number | null>((m, h) => (m === null || h.n > m ? h.n : m), null);
    if (list.length > 0) {
      const value = list[0]!.n;
      const other = list.find((x) => x.n !== value);
      if (other) warn(other.line, `the ${label(kind)} sample is stated as ${other.n} here but ${value} at line ${list[0]!.line}; ${value} was used`);
      out[kind] = value;
      if (largestHeader !== null && largestHeader !== value) {
        warn(headers[0]!.line, `the ${label(kind)} tables count ${largestHeader} cases inspected, but the sample is stated as ${value}`);
      }
    } else if (largestHeader !== null) {
      out[kind] = largestHeader;
    }
  }
  return out;
}

function label(kind: SampleKind): string {
  return kind === 'court' ? 'court disposal' : kind === 'outOfCourt' ? 'out-of-court disposal' : 'resettlement';
}
