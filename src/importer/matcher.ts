/**
 * Finds which key question or prompt a piece of printed text is, by fuzzy comparison with the wording in
 * the framework definitions (current wording and every recorded variant). Nothing here knows any report's
 * wording: a variant added to the framework helps the importer at once.
 */
import type { Framework, StandardDef } from '../core/framework/types.js';
import { compact, searchApprox, trigramCover, trigrams } from './fuzzy.js';

export interface QuestionEntry {
  readonly kind: 'key question' | 'prompt';
  readonly id: string;
  readonly standard: string;
  readonly domain: number;
  readonly keyQuestion: string;
  /** Current wording, for output. */
  readonly text: string;
  readonly forms: readonly { readonly compact: string; readonly grams: Set<string> }[];
}

export interface QuestionMatch {
  readonly entry: QuestionEntry;
  /** Edits per character of the definition's wording (0 = exact). */
  readonly cost: number;
  /** Another entry matched the text as well (same wording under two key questions). */
  readonly rivals: readonly QuestionEntry[];
}

/** Drops the "?" and anything after it, so the stored forms end where printed questions end. */
function form(text: string): { compact: string; grams: Set<string> } {
  const c = compact(text.replace(/\?.*$/, ''));
  return { compact: c, grams: trigrams(c) };
}

export class QuestionIndex {
  readonly entries: readonly QuestionEntry[];
  private readonly byId = new Map<string, QuestionEntry>();

  constructor(readonly framework: Framework) {
    const entries: QuestionEntry[] = [];
    for (const s of framework.standards) {
      for (const kq of s.keyQuestions) {
        entries.push({
          kind: 'key question', id: kq.id, standard: s.id, domain: s.domain, keyQuestion: kq.id, text: kq.text,
          forms: [kq.text, ...kq.variants].map(form),
        });
        for (const p of kq.prompts) {
          entries.push({
            kind: 'prompt', id: p.id, standard: s.id, domain: s.domain, keyQuestion: kq.id, text: p.text,
            forms: [p.text, ...p.variants].map(form),
          });
        }
      }
    }
    this.entries = entries;
    for (const e of entries) this.byId.set(e.id, e);
  }

  get(id: string): QuestionEntry | undefined {
    return this.byId.get(id);
  }

  standard(id: string): StandardDef | undefined {
    return this.framework.standards.find((s) => s.id === id);
  }

  /**
   * The entry whose wording ends the block of text (a question is printed last before its figures).
   * Looks in the standard being read first, then its domain, then everywhere.
   */
  match(block: string, context: { standard: string | null; keyQuestion: string | null }): QuestionMatch | null {
    const text = compact(block).slice(-420);
    if (text.length < 12) return null;
    const grams = trigrams(text);
    const ctxStandard = context.standard ? this.standard(context.standard) : undefined;
    const pools: ((e: QuestionEntry) => boolean)[] = [];
    if (ctxStandard) {
      pools.push((e) => e.standard === ctxStandard.id);
      pools.push((e) => e.domain === ctxStandard.domain && e.standard !== ctxStandard.id);
    } else {
      pools.push(() => true);
    }
    for (const inPool of pools) {
      const found = this.best(text, grams, this.entries.filter(inPool), context.keyQuestion);
      if (found) return found;
    }
    return null;
  }

  private best(text: string, grams: Set<string>, pool: readonly QuestionEntry[], keyQuestion: string | null): QuestionMatch | null {
    // Trigram cover first (cheap), then edit distance only for the few closest wordings.
    const covered: { entry: QuestionEntry; cover: number }[] = [];
    for (const entry of pool) {
      let cover = 0;
      for (const f of entry.forms) if (f.compact.length >= 8) cover = Math.max(cover, trigramCover(f.grams, grams));
      if (cover >= 0.45) covered.push({ entry, cover });
    }
    covered.sort((a, b) => b.cover - a.cover);
    const scored: { entry: QuestionEntry; cost: number }[] = [];
    for (const { entry } of covered.slice(0, 8)) {
      let best = Infinity;
      for (const f of entry.forms) {
        if (f.compact.length < 8 || trigramCover(f.grams, grams) < 0.45) continue;
        // The question ends the block, so only its tail can hold it (a quarter more, for OCR noise).
        const tail = text.slice(-Math.ceil(f.compact.length * 1.25 + 8));
        const { distance, end } = searchApprox(f.compact, tail);
        // Allow only a few stray characters after it.
        if (end < tail.length - 4) continue;
        best = Math.min(best, distance / f.compact.length);
      }
      if (best <= 0.25) scored.push({ entry, cost: best });
    }
    if (scored.length === 0) return null;
    scored.sort((a, b) => a.cost - b.cost || specificity(b.entry, keyQuestion) - specificity(a.entry, keyQuestion));
    const top = scored[0]!;
    const rivals = scored
      .slice(1)
      .filter((s) => s.cost - top.cost < 0.02 && s.entry.id !== top.entry.id)
      .map((s) => s.entry);
    // Same wording under two key questions: the key question being read decides.
    if (rivals.length > 0 && keyQuestion) {
      const inContext = [top.entry, ...rivals].filter((e) => e.keyQuestion === keyQuestion);
      if (inContext.length === 1) return { entry: inContext[0]!, cost: top.cost, rivals: [] };
    }
    return { entry: top.entry, cost: top.cost, rivals };
  }
}

function specificity(e: QuestionEntry, keyQuestion: string | null): number {
  return keyQuestion !== null && e.keyQuestion === keyQuestion ? 1 : 0;
}
