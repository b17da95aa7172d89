/**
 * Source text → logical lines with their source line numbers. Markdown and HTML markup is removed
 * (a table cell becomes a tab, a block element a new line) so later steps see the words and figures a
 * reader sees, in any of the formats a report arrives in. Footnote reference digits (<sup>) are dropped.
 */

export interface Line {
  /** 1-based line number in the source text (PDF: in the extracted text). */
  readonly no: number;
  /** Plain text, markup removed, whitespace runs kept as single spaces or tabs. */
  readonly text: string;
  /** The line was wrapped in bold markup (the reports bold the lowest key-question figure). */
  readonly bold: boolean;
  /** The line starts a bulleted list item (numbered items keep their "N. " in the text). */
  readonly listItem: boolean;
}

/** Open HTML lists while reading, so <ol start="2"><li> items get their printed numbers back. */
interface ListState {
  lists: { ordered: boolean; next: number }[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const SUPERSCRIPTS = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;
const BLOCK_END = /<\/?(p|div|h[1-6]|li|ul|ol|tr|table|thead|tbody|section|article|br|hr)\b[^>]*>/gi;

/** Removes inline markup from one physical line; returns pieces split at block-level HTML tags. */
function strip(raw: string, state: ListState): { text: string; bold: boolean; listItem: boolean }[] {
  let s = raw.replace(/\r$/, '');
  s = s.replace(/<(\/?)(ol|ul|li)\b([^>]*)>/gi, (_m, close: string, tag: string, attrs: string) => {
    const t = tag.toLowerCase();
    if (t === 'li') {
      if (close) return '';
      const top = state.lists[state.lists.length - 1];
      return top?.ordered ? `<br>${top.next++}. ` : '<br>• ';
    }
    if (close) state.lists.pop();
    else state.lists.push({ ordered: t === 'ol', next: Number(/start\s*=\s*["']?(\d+)/i.exec(attrs)?.[1] ?? 1) });
    return '<br>';
  });
  s = s.replace(/<sup>[^<]{0,6}<\/sup>/gi, '').replace(SUPERSCRIPTS, '');
  s = s.replace(/<!--.*?-->/g, '');
  s = s.replace(/<\/t[dh]>\s*<t[dh]\b[^>]*>/gi, '\t').replace(/<\/?t[dh]\b[^>]*>/gi, '\t');
  const pieces = s.split(BLOCK_END);
  const out: { text: string; bold: boolean; listItem: boolean }[] = [];
  // split() with a capture group interleaves tag names; keep only the text pieces.
  for (let i = 0; i < pieces.length; i += 2) {
    let p = pieces[i] ?? '';
    const bold = /<(b|strong)\b[^>]*>/i.test(p) || /\*\*[^*]+\*\*/.test(p) || /__[^_]+__/.test(p);
    p = p.replace(/<[^>]{0,200}>/g, '');
    p = decodeEntities(p);
    p = p.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'); // markdown links and images
    p = p.replace(/^\s{0,3}#{1,6}\s+/, ''); // markdown headings
    p = p.replace(/^\s*>\s?/, ''); // block quotes
    p = p.replace(/\*\*|__/g, '');
    p = p.replace(/(^|\s)\*(\S[^*]*\S|\S)\*(?=\s|$|[.,;:])/g, '$1$2'); // *emphasis*, not "45%*"
    const listItem = /^\s*[-+•·▪●◦*]\s+/.test(p);
    p = p.replace(/^\s*[-+•·▪●◦*]\s+/, ''); // bullets
    p = p.replace(/^\s*\|/, '').replace(/\|\s*$/, '').replace(/\s*\|\s*/g, '\t'); // markdown tables
    p = p.replace(/^\s*:?-{3,}:?(\t:?-{3,}:?)*\s*$/, ''); // table rules and --- rules
    p = p.replace(/\u00a0/g, ' ').replace(/[ \f\v]+/g, ' ').replace(/ ?\t[ \t]*/g, '\t');
    out.push({ text: p.trim(), bold, listItem });
  }
  return out;
}

export function toLines(source: string): Line[] {
  const lines: Line[] = [];
  const physical = source.split('\n');
  const state: ListState = { lists: [] };
  for (let i = 0; i < physical.length; i++) {
    for (const piece of strip(physical[i]!, state)) lines.push({ no: i + 1, ...piece });
  }
  return lines;
}

/**
 * The lines joined into one running text (for sentences that wrap), with a way back from an offset
 * to the source line number.
 */
export class Flow {
  readonly text: string;
  private readonly starts: number[] = [];
  private readonly nos: number[] = [];

  constructor(lines: readonly Line[]) {
    const parts: string[] = [];
    let offset = 0;
    for (const line of lines) {
      if (line.text === '') continue;
      this.starts.push(offset);
      this.nos.push(line.no);
      const t = line.text.replace(/\t/g, ' ');
      parts.push(t);
      offset += t.length + 1;
    }
    this.text = parts.join(' ');
  }

  lineAt(offset: number): number | null {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.nos[lo] ?? null;
  }
}
