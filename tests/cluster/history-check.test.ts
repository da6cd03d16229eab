import { describe, expect, it } from 'vitest';
import { checkHistories, type ResolvedSend, type StoredRow } from './history-check.js';

const rows: StoredRow[] = [
  { id: 'm1', seq: 1, authorId: 'a', clientId: 'c1' },
  { id: 'm2', seq: 2, authorId: 'b', clientId: 'c1' },
  { id: 'm3', seq: 3, authorId: 'a', clientId: 'c2' },
];
const sends: ResolvedSend[] = rows.map((row) => ({ authorId: row.authorId, clientId: row.clientId!, id: row.id }));
const seen = rows.map(({ id, seq }) => ({ id, seq }));

/** The cluster test's checker must see each kind of failure, or a green run proves nothing. */
describe('the cluster history checker', () => {
  it('passes identical histories', () => {
    expect(checkHistories(rows, sends, new Map([['x', seen], ['y', seen]]))).toEqual({ sent: 3, stored: 3, lost: 0, duplicated: 0, outOfOrder: 0, problems: [] });
  });

  it('counts a resolved send missing from the database, and a message a client misses', () => {
    expect(checkHistories(rows.slice(0, 2), sends, new Map([['x', seen.slice(0, 2)]])).lost).toBe(1);
    expect(checkHistories(rows, sends, new Map([['x', seen.slice(1)]])).lost).toBe(1);
  });

  it('counts a message stored twice under two client ids, a client id twice, and an id twice in a client', () => {
    const extra = [...rows, { id: 'm4', seq: 4, authorId: 'a', clientId: 'c9' }];
    expect(checkHistories(extra, sends, new Map()).duplicated).toBe(1);
    const twice = [...rows, { id: 'm4', seq: 4, authorId: 'a', clientId: 'c1' }];
    expect(checkHistories(twice, sends, new Map()).duplicated).toBeGreaterThan(0);
    expect(checkHistories(rows, sends, new Map([['x', [...seen, seen[2]]]])).duplicated).toBe(1);
  });

  it('counts a gap in the seqs and a client history out of order', () => {
    const gap = rows.map((row, i) => (i === 2 ? { ...row, seq: 4 } : row));
    expect(checkHistories(gap, sends, new Map()).outOfOrder).toBe(1);
    expect(checkHistories(rows, sends, new Map([['x', [seen[1], seen[0], seen[2]]]])).outOfOrder).toBe(1);
  });
});
