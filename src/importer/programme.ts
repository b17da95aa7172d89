/**
 * HMIP's later youth inspection programmes, which yjinspect has no framework for: from 2023 work with victims
 * is rated beside organisational delivery, court and out-of-court disposals; from 2025 the domains are
 * organisational delivery, work with children and work with victims. Their standards share ids and names
 * with the 2018 and 2021 ones ("2.1 Assessment"), so a report of theirs would otherwise be read against the
 * wrong framework. Only headings and rating statements count as evidence: prose mentions "work with children".
 */
import { compact } from './fuzzy.js';
import { parseRating } from './headings.js';
import type { Flow, Line } from './lines.js';

export interface LaterProgramme {
  readonly year: 2023 | 2025;
  /** Why it seems so, in words for the message. */
  readonly evidence: string;
  readonly line: number | null;
}

const PREFIX = /^\s*(?:domain\s+(?:one|two|three|four|five|\d)\s*[:.–—-]?\s*|\d(?:\.\d)?\.?\s+)/i;
const RATING_WORDS = /\s*[:–—-]?\s*(?:inadequate|requires improvement|good|outstanding)\s*$/i;

interface HeadingHit {
  readonly line: number;
  /** Numbered ("4. Work with victims", "Domain two: …") or followed by a rating: a rated part of the report. */
  readonly rated: boolean;
}

/** Lines that are a heading or ratings-table row naming `words` (folded, so OCR noise still matches). */
function headings(lines: readonly Line[], words: string): HeadingHit[] {
  const want = compact(words);
  const out: HeadingHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.text.replace(/\t/g, ' ').replace(/[.…]{3,}\s*\d*\s*$/, '').trim();
    if (raw.length > 70) continue;
    const numbered = PREFIX.test(raw);
    const withRating = RATING_WORDS.test(raw);
    const body = raw.replace(PREFIX, '').replace(RATING_WORDS, '').replace(/\s+\d{1,3}$/, '');
    if (compact(body) !== want) continue;
    const next = lines.slice(i + 1, i + 4).find((l) => l.text.trim() !== '');
    const ratedNext = next !== undefined && next.text.trim().length <= 40 && parseRating(next.text.replace(/^(?:our\s+)?rating\s*[:–-]\s*/i, '')) !== null;
    out.push({ line: lines[i]!.no, rated: numbered || withRating || ratedNext });
  }
  return out;
}

const VICTIMS_RATED =
  /\bwork with victims\b[^.]{0,80}?\b(?:was|is|were|been) rated\b|\brat(?:ed|ing)\b[^.]{0,60}?\bfor (?:its |the )?work with victims\b|\bvictims? standards?\b/i;
/** "We have inspected and rated Camden YJS across four broad areas: …, and work with victims." */
const AREAS_RATED = /\b(?:inspected and )?rated\b[^.]{0,80}?\b(?:areas|domains)\b[^.]{0,200}?\bwork with victims\b/i;
/** A standard or domain about victims ("1.5 Victims policy and provision", "Domain four: Victims"): 2018 and 2021 have none. */
const VICTIMS_STANDARD = /^\s*(?:domain\s+(?:one|two|three|four|five|\d)\s*[:.–—-]?|\d\.\d\.?)\s+(?:[A-Z][\w’'-]*\s+){0,3}?(?:victims?|victim work)\b(?:\s+[\w’'-]+){0,4}\s*$/i;

/** The later programme a report seems to follow, or null when it could be a 2018 or 2021 report. */
export function laterProgramme(lines: readonly Line[], flow: Flow): LaterProgramme | null {
  const children = headings(lines, 'work with children').filter((h) => h.rated);
  const victimHeadings = headings(lines, 'work with victims').filter((h) => h.rated);
  const prose = VICTIMS_RATED.exec(flow.text) ?? AREAS_RATED.exec(flow.text);
  const standard = lines.find((l) => l.text.length <= 70 && VICTIMS_STANDARD.test(l.text.replace(/\t/g, ' ').replace(/[.…]{3,}\s*\d*\s*$/, '')));
  const victims = victimHeadings[0]?.line ?? standard?.no ?? (prose ? flow.lineAt(prose.index) : undefined);
  if (children.length > 0) {
    return {
      year: 2025,
      evidence: victims !== undefined ? 'work with children and work with victims are rated domains' : 'work with children is a rated domain',
      line: children[0]!.line,
    };
  }
  if (victims !== undefined) return { year: 2023, evidence: 'work with victims is rated', line: victims };
  return null;
}

/** The message a refused report carries (the CLI and the library print it as it is). */
export function programmeMessage(p: LaterProgramme, versions: readonly string[]): string {
  const loaded = versions.length > 1 ? `${versions.slice(0, -1).join(', ')} or ${versions.at(-1)!}` : versions.join('');
  return (
    `This report seems to follow HMIP's youth inspection programme from ${p.year} (${p.evidence}), which yjinspect has no framework for. ` +
    `It was not read against the ${loaded} framework, so no ratings or figures were read and none can be verified.`
  );
}

const REFUSAL = /^This report seems to follow HMIP's youth inspection programme from (\d{4})\b/;

/** The refusal an imported report carries (also in its JSON), or null. */
export function programmeRefusal(report: { readonly framework: string | null; readonly warnings: readonly { readonly message: string }[] }): string | null {
  if (report.framework !== null) return null;
  return report.warnings.find((w) => REFUSAL.test(w.message))?.message ?? null;
}
