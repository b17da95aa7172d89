/**
 * Comparison form of printed text. Reports are extracted from PDFs and web pages, so the same wording
 * arrives with curly or straight quotes, soft hyphens, words split across lines ("high-\nquality"),
 * footnote markers glued to the end ("safe?11", "safe?<sup>2</sup>") and light markup (<b>, **).
 * Two wordings that differ only in those ways are the same wording; anything else is a variant.
 */

const SOFT_HYPHEN = /\u00ad/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033]/g;
/** Hyphens and dashes of every kind compare as a space: "well-informed" = "well informed" = "well- informed". */
const DASHES = /[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const SUPERSCRIPT = /<sup>[^<]*<\/sup>/gi;
const TAGS = /<\/?[a-z][^>]*>/gi;
const MARKDOWN_EMPHASIS = /\*\*|__/g;
/**
 * A footnote number printed straight after a word's closing punctuation: "safe?11", "offending.9".
 * Not after a digit, so numbering such as "2.1.1" survives.
 */
const FOOTNOTE_AFTER_PUNCTUATION = /(?<=[\p{L})'"][?.!:;,])\d{1,3}(?=\s|$)/gu;
const WHITESPACE = /\s+/g;

/** Lower-cased, typography-free form of `s` for comparisons. Never used for display. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(SOFT_HYPHEN, '')
    .replace(SUPERSCRIPT, '')
    .replace(TAGS, '')
    .replace(MARKDOWN_EMPHASIS, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, ' ')
    .replace(FOOTNOTE_AFTER_PUNCTUATION, '')
    .replace(WHITESPACE, ' ')
    .trim()
    .toLowerCase();
}

/** True when `a` and `b` are the same wording up to typography. */
export function sameText(a: string, b: string): boolean {
  return normaliseText(a) === normaliseText(b);
}

/** True when `needle` occurs in `haystack`, both compared in normalised form. */
export function containsText(haystack: string, needle: string): boolean {
  const n = normaliseText(needle);
  return n.length > 0 && normaliseText(haystack).includes(n);
}
