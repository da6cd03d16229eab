/**
 * Search terms for knowledge articles, the same on both databases: text is cut into
 * normalised terms when an article is saved, and a query is cut the same way.
 *
 * - Letters and digits of alphabetic scripts form words, lowercased after NFKC (so
 *   full-width ＡＢＣ is abc). English words are reduced to their Porter stem (`stem`), so
 *   "refunds", "refunded" and "refund" meet; a short list of English function words is
 *   left out.
 * - Chinese, Japanese and Korean are written without spaces between words: their runs
 *   become overlapping character bigrams (退款 in 如何申请退款), the usual dictionary-free
 *   way to search them. Articles also keep each character alone, so a one-character
 *   query finds something; longer queries match by bigrams only, which is more precise.
 */

import { stemmer as porterStem } from 'stemmer';

/** Longest term kept (the column is varchar(64)); longer words are cut. */
export const TERM_MAX = 64;
/** Most terms a query is cut into: queries are short, and each term is a lookup. */
export const QUERY_TERMS_MAX = 32;
/** Body counts are capped, so one word repeated a thousand times does not outrank relevance. */
export const BODY_HITS_MAX = 50;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Words too common in English questions to say anything about which article is meant. */
const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from how i if in into is it its me my no of on or our so than that the their then there these this to was we what when where which who why will with you your'.split(' '),
);

type Run = { kind: 'cjk' | 'word'; text: string };

/** Splits text into runs of CJK characters and of other letters and digits; everything else separates. */
function runs(text: string): Run[] {
  const out: Run[] = [];
  let current: Run | undefined;
  for (const char of text.normalize('NFKC').toLowerCase()) {
    const kind = CJK.test(char) ? 'cjk' : WORD.test(char) ? 'word' : undefined;
    if (kind === undefined) {
      current = undefined;
    } else if (current?.kind === kind) {
      current.text += char;
    } else {
      current = { kind, text: char };
      out.push(current);
    }
  }
  return out;
}

/**
 * English words to their Porter stem, so every form of a word meets the same term:
 * refund(s|ed|ing) → refund, policies → polici. Other scripts and words mixing digits
 * pass through unchanged.
 */
export function stem(word: string): string {
  return /^[a-z]+$/.test(word) ? porterStem(word) : word;
}

function wordTerm(word: string): string | undefined {
  if (STOP_WORDS.has(word)) return undefined;
  // a lone letter says nothing; a lone digit may ("error 5")
  if (word.length === 1 && !/\p{N}/u.test(word)) return undefined;
  return stem(word).slice(0, TERM_MAX);
}

function* bigrams(run: string): Generator<string> {
  const chars = [...run];
  for (let i = 0; i + 1 < chars.length; i++) yield chars[i] + chars[i + 1];
}

/** Every term of an article's text with how often it occurs: words, CJK bigrams and CJK characters. */
export function documentTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string | undefined) => {
    if (term !== undefined) counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  for (const run of runs(text)) {
    if (run.kind === 'word') {
      add(wordTerm(run.text));
      continue;
    }
    for (const char of run.text) add(char);
    for (const pair of bigrams(run.text)) add(pair);
  }
  return counts;
}

/**
 * The distinct terms of a query, in order of appearance, at most `QUERY_TERMS_MAX`: words,
 * and for CJK the bigrams of each run (its one character when the run has only one).
 *
 * @example
 * queryTerms('如何申请退款'); // ['如何', '何申', '申请', '请退', '退款']
 * queryTerms('Refunds for orders'); // ['refund', 'order']
 */
export function queryTerms(query: string): string[] {
  const out = new Set<string>();
  for (const run of runs(query)) {
    if (run.kind === 'word') {
      const term = wordTerm(run.text);
      if (term !== undefined) out.add(term);
    } else if ([...run.text].length === 1) out.add(run.text);
    else for (const pair of bigrams(run.text)) out.add(pair);
  }
  return [...out].slice(0, QUERY_TERMS_MAX);
}

/**
 * Readable plain text of a Markdown body, for indexing and excerpts: code fences, images,
 * link targets, HTML tags and the marks of emphasis, headings, quotes and lists go;
 * the words stay. Not a Markdown parser: a good-enough cleanup for searching and previews.
 */
export function plainText(markdown: string): string {
  // quantifiers are bounded and stop at line ends, so hostile text cannot make these
  // patterns backtrack over the whole body from every bracket
  return markdown
    .replace(/^\s*(```|~~~).*$/gm, ' ')
    .replace(/!?\[([^\]\n]{0,200})\]\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)/g, '$1')
    .replace(/<[^<>\n]{0,500}>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~`|]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Up to `max` characters of `text`, starting a little before the first place where one of
 * the query's words or CJK runs occurs (the start when none does), cut at spaces where
 * there are any, with an ellipsis where text was left out.
 */
export function excerpt(text: string, query: string, max: number): string {
  const lower = text.toLowerCase();
  const needles = runs(query).flatMap((run) => (run.kind === 'word' ? [run.text, stem(run.text)] : [run.text, ...bigrams(run.text)]));
  const found = needles.map((n) => (n.length > 0 ? lower.indexOf(n) : -1)).filter((i) => i >= 0);
  let start = found.length > 0 ? Math.max(0, Math.min(...found) - Math.floor(max / 4)) : 0;
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space - start < 20) start = space + 1;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + max / 2) end = space;
  }
  // never cut a character outside the BMP in half
  if (isLowSurrogate(text.charCodeAt(start))) start += 1;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end -= 1;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
