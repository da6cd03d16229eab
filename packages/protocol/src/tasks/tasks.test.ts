import { describe, expect, it } from 'vitest';
import { compareByRank, isRank, rankBetween, ranksBetween } from './rank.js';
import { createListPayload, createTaskPayload, dueTime, moveTaskPayload, restListTasksQuery, restPatchTaskBody, updateTaskPayload } from './tasks.js';

describe('ranks', () => {
  it('a rank between two others sorts strictly between them, however often a gap is split', () => {
    let low = rankBetween(null, null);
    const high = rankBetween(low, null);
    for (let i = 0; i < 200; i++) {
      const middle = rankBetween(low, high);
      expect(low < middle && middle < high).toBe(true);
      low = middle;
    }
    expect(isRank(low)).toBe(true);
  });

  it('uses only digits and lower-case letters, so every database collation orders ranks alike', () => {
    const ranks = [...ranksBetween(null, null, 50), rankBetween(null, rankBetween(null, null))];
    let first: string | null = null;
    for (let i = 0; i < 500; i++) first = rankBetween(null, first);
    ranks.push(first as string);
    for (const rank of ranks) expect(rank).toMatch(/^[0-9a-z]+$/);
    const sorted = [...ranks].sort();
    expect([...ranks].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(sorted);
  });

  it('refuses malformed ranks', () => {
    expect(['', 'i', 'i00', 'ZZ', 'i0 ', 'x'.repeat(200)].map(isRank)).toEqual([false, false, false, false, false, false]);
  });

  it('orders equal ranks by id', () => {
    const tasks = [
      { rank: 'i1', id: 'b' },
      { rank: 'i0', id: 'z' },
      { rank: 'i1', id: 'a' },
    ];
    expect(tasks.sort(compareByRank).map((t) => t.id)).toEqual(['z', 'a', 'b']);
  });
});

describe('task schemas', () => {
  it('stores due times in UTC whatever offset they were given in', () => {
    expect(dueTime.parse('2026-03-01T09:00:00+08:00')).toBe('2026-03-01T01:00:00.000Z');
    expect(dueTime.safeParse('2026-03-01').success).toBe(false);
    expect(dueTime.safeParse('2026-03-01T09:00:00').success).toBe(false);
    expect(dueTime.safeParse('1999-12-31T00:00:00Z').success).toBe(false);
  });

  it('fills in defaults for a new task and de-duplicates labels and watchers', () => {
    const task = createTaskPayload.parse({ title: '  Ship it ', labels: ['a', 'a'], watchers: ['bob', 'bob'] });
    expect(task).toMatchObject({ title: 'Ship it', status: 'todo', priority: 'normal', assignee: null, due: null, labels: ['a'], watchers: ['bob'], position: 'bottom' });
  });

  it('refuses an update that changes nothing or names an unknown field', () => {
    const taskId = '0190f0f0-0000-7000-8000-000000000001';
    expect(updateTaskPayload.safeParse({ taskId, baseVersion: 1, changes: {} }).success).toBe(false);
    expect(updateTaskPayload.safeParse({ taskId, baseVersion: 1, changes: { rank: 'i0' } }).success).toBe(false);
    expect(updateTaskPayload.safeParse({ taskId, baseVersion: 1, changes: { due: null } }).success).toBe(true);
    expect(restPatchTaskBody.safeParse({ baseVersion: 2 }).success).toBe(false);
  });

  it('a department list names its department; columns name each status once', () => {
    expect(createListPayload.safeParse({ name: 'Launch', visibility: 'department' }).success).toBe(false);
    expect(createListPayload.safeParse({ name: 'Launch', columns: ['todo', 'todo', 'done'] }).success).toBe(false);
    expect(createListPayload.parse({ name: 'Launch' }).columns).toEqual(['todo', 'in_progress', 'done']);
  });

  it('parses REST status lists and refuses unknown statuses', () => {
    expect(restListTasksQuery.parse({ status: 'todo,done' }).status).toEqual(['todo', 'done']);
    expect(restListTasksQuery.safeParse({ status: 'todo,later' }).success).toBe(false);
    expect(moveTaskPayload.safeParse({ taskId: 'nope', status: 'todo' }).success).toBe(false);
  });
});
