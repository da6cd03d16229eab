import type { Message } from '@plaza/protocol';
import { describe, expect, it } from 'vitest';
import { AnnouncedRevisions, maxRev, mergeMessages, replaceMessages } from './message-list.js';

function message(seq: number, rev = seq, text = `m${seq}`): Message {
  return {
    id: `id${seq}`,
    channelId: 'c',
    seq,
    rev,
    authorId: 'a',
    text,
    urgency: 'normal',
    mentions: [],
    mentionsAll: false,
    attachments: [],
    reactions: [],
    threadRootId: null,
    replyCount: 0,
    pinned: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    recalledAt: null,
    deletedAt: null,
  };
}

describe('mergeMessages', () => {
  it('inserts unknown messages in seq order, whatever order they come in', () => {
    const merged = mergeMessages([message(1), message(4)], [message(3), message(2), message(5)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps one copy per id: a newer revision replaces, an older or equal one is ignored', () => {
    const list = [message(1, 5, 'current')];
    expect(mergeMessages(list, [message(1, 4, 'stale')])).toBe(list);
    expect(mergeMessages(list, [message(1, 5, 'same')])).toBe(list);
    expect(mergeMessages(list, [message(1, 6, 'newer')]).map((m) => m.text)).toEqual(['newer']);
    expect(mergeMessages([], [message(2, 2, 'a'), message(2, 3, 'b')]).map((m) => m.text)).toEqual(['b']);
  });

  it('appends newer messages, puts an older page first, and replaces one of 10,000 in place', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => message(i + 101));
    const appended = mergeMessages(list, [message(10_102), message(10_101)]);
    expect(appended.slice(-3).map((m) => m.seq)).toEqual([10_100, 10_101, 10_102]);
    expect(appended.slice(0, 10_000)).toEqual(list);
    const older = mergeMessages(list, [message(100), message(99)]);
    expect(older.slice(0, 3).map((m) => m.seq)).toEqual([99, 100, 101]);
    const edited = mergeMessages(list, [message(5_000, 20_000, 'edited')]);
    expect(edited).toHaveLength(10_000);
    expect(edited[4_899].text).toBe('edited');
    expect(edited.filter((m, i) => m !== list[i]).map((m) => m.seq)).toEqual([5_000]);
    expect(replaceMessages(list, [message(7_000, 20_000, 'recalled'), message(20_001)])[6_899].text).toBe('recalled');
  });

  it('returns the same list when nothing changed, so stores notify nobody', () => {
    const list = [message(1)];
    expect(mergeMessages(list, [])).toBe(list);
    expect(mergeMessages(list, [message(1)])).toBe(list);
  });
});

describe('replaceMessages', () => {
  it('replaces known messages and inserts nothing', () => {
    const list = [message(1), message(2)];
    const next = replaceMessages(list, [message(2, 9, 'edited'), message(3)]);
    expect(next.map((m) => m.text)).toEqual(['m1', 'edited']);
    expect(replaceMessages(list, [message(7)])).toBe(list);
  });
});

describe('maxRev', () => {
  it('is the highest rev, or the floor', () => {
    expect(maxRev([message(1, 3), message(2, 8), message(3, 5)])).toBe(8);
    expect(maxRev([], 4)).toBe(4);
  });
});

describe('AnnouncedRevisions', () => {
  it('records each id once per newer revision and forgets the oldest beyond its limit', () => {
    const revs = new AnnouncedRevisions(2);
    expect(revs.record('a', 1)).toBe(true);
    expect(revs.record('a', 1)).toBe(false);
    expect(revs.record('a', 2)).toBe(true);
    revs.record('b', 1);
    revs.record('c', 1);
    expect(revs.has('a')).toBe(false);
    expect(revs.has('b')).toBe(true);
    expect(revs.has('c')).toBe(true);
  });
});
