import type { ByteRange } from './crypto.js';

/** What a `Range` header asks of a file of a given size. */
export type RangeRequest = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header for a file of `size` bytes. One range of bytes is served
 * (`a-b`, `a-`, `-n`); anything else (no header, other units, several ranges, a
 * malformed value) is ignored and the whole file is served, as RFC 9110 allows.
 *
 * @example
 * parseRange('bytes=0-99', 1000)  // { kind: 'partial', range: { start: 0, end: 99 } }
 * parseRange('bytes=-10', 1000)   // { kind: 'partial', range: { start: 990, end: 999 } }
 * parseRange('bytes=2000-', 1000) // { kind: 'unsatisfiable' }
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/i);
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}
