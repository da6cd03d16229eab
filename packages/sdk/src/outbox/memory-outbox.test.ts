import { describe, expect, it } from 'vitest';
import { MemoryOutbox } from './memory-outbox.js';
import { withLock } from './outbox-lock.js';
import type { OutboxEntry } from './outbox.js';

function entry(clientId: string, scope = 's1'): OutboxEntry {
  return {
    scope,
    clientId,
    channelId: 'c',
    text: clientId,
    urgency: 'normal',
    threadRootId: null,
    attachments: [],
    state: 'pending',
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('MemoryOutbox', () => {
  it('lists one scope in client id order, whatever order entries were put in', async () => {
    const outbox = new MemoryOutbox();
    await outbox.put(entry('0003'));
    await outbox.put(entry('0001'));
    await outbox.put(entry('0002', 's2'));
    await outbox.put(entry('0002'));
    expect((await outbox.list('s1')).map((e) => e.clientId)).toEqual(['0001', '0002', '0003']);
    expect((await outbox.list('s2')).map((e) => e.clientId)).toEqual(['0002']);
  });

  it('replaces by scope and client id, deletes, and keeps copies rather than the caller’s objects', async () => {
    const outbox = new MemoryOutbox();
    const first = entry('a');
    await outbox.put(first);
    first.text = 'changed afterwards';
    await outbox.put({ ...entry('a'), state: 'failed' });
    expect(await outbox.list('s1')).toMatchObject([{ clientId: 'a', text: 'a', state: 'failed' }]);
    await outbox.delete('s1', 'a');
    await outbox.delete('s1', 'missing');
    expect(await outbox.list('s1')).toEqual([]);
  });
});

describe('withLock', () => {
  it('runs tasks under one name one at a time, in the order they asked', async () => {
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
      if (name === 'b') throw new Error('b failed');
      return name;
    };
    const results = await Promise.allSettled([withLock('x', task('a')), withLock('x', task('b')), withLock('x', task('c'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
