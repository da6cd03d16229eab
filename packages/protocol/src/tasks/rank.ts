import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * The digits of a task rank: 0-9 then a-z. Keys over this alphabet compare the same by
 * code unit (JavaScript `<`, SQLite, PostgreSQL's "C" collation) and under every
 * linguistic collation (digits sort before letters, and there is no case to fold), so no
 * database needs a special collation to order by rank.
 */
export const RANK_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A rank is at most this long; fractional keys grow by about one character per 36 inserts into one gap. */
export const RANK_MAX_LENGTH = 128;

/**
 * A rank that sorts strictly between `before` and `after` (`null` for either end).
 * Ranks are fractional indexes: moving a task writes one new rank and never renumbers
 * its neighbours.
 *
 * @example
 * const first = rankBetween(null, null);   // 'i0'
 * const second = rankBetween(first, null); // 'i1'
 * rankBetween(first, second);              // 'i0i'
 */
export function rankBetween(before: string | null, after: string | null): string {
  return generateKeyBetween(before, after, RANK_DIGITS);
}

/** `count` ranks in ascending order between `before` and `after`, evenly spread where possible. */
export function ranksBetween(before: string | null, after: string | null, count: number): string[] {
  return generateNKeysBetween(before, after, count, RANK_DIGITS);
}

/** True when `rank` is a well-formed rank (the server refuses anything else). */
export function isRank(rank: string): boolean {
  if (rank.length < 2 || rank.length > RANK_MAX_LENGTH || !/^[0-9a-z]+$/.test(rank)) return false;
  try {
    // a key is valid exactly when the library can build a key above it
    generateKeyBetween(rank, null, RANK_DIGITS);
    return true;
  } catch {
    return false;
  }
}

/**
 * The board order of tasks within one column: by rank, then by id, so every client sorts
 * ties (which the server never creates, but a stale optimistic rank might) the same way.
 *
 * @example
 * tasks.filter((t) => t.status === 'todo').sort(compareByRank);
 */
export function compareByRank(a: { rank: string; id: string }, b: { rank: string; id: string }): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
