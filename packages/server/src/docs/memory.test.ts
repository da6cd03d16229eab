import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredState } from './log.js';
import { DocMemory } from './memory.js';
import { appendParagraph, paragraphs } from './test-kit.js';

/** A log of updates by seq, as `readState` would answer from the database. */
function fakeLog(updates: Uint8Array[]) {
  const reads: number[] = [];
  return {
    reads,
    read: (_tenantId: string, _docId: string, afterSeq: number): Promise<StoredState | null> => {
      reads.push(afterSeq);
      return Promise.resolve({ parts: updates.slice(afterSeq), seq: updates.length });
    },
  };
}

/** Five edits of one writer, each its own update. */
function edits(): Uint8Array[] {
  const writer = new Y.Doc();
  return ['a', 'b', 'c', 'd', 'e'].map((text) => appendParagraph(writer, text));
}

describe('DocMemory', () => {
  const log = pino({ level: 'silent' });

  it('loads a document once for every socket holding it and drops it when the last lets go', async () => {
    const updates = edits();
    const store = fakeLog(updates.slice(0, 2));
    const memory = new DocMemory({ read: store.read, log });
    const [one, two] = await Promise.all([memory.hold('t', 'd', 's1'), memory.hold('t', 'd', 's2')]);
    expect(one).toBe(two);
    expect(store.reads).toEqual([0]);
    expect(paragraphs((one as NonNullable<typeof one>).ydoc)).toEqual(['a', 'b']);
    memory.release('t', 'd', 's1');
    expect(memory.get('t', 'd')).toBe(one);
    memory.releaseSocket('s2');
    expect(memory.get('t', 'd')).toBeUndefined();
  });

  it('applies updates that arrive out of order at once and fills a gap from the log', async () => {
    const updates = edits();
    const stored: Uint8Array[] = updates.slice(0, 1);
    const store = fakeLog(stored);
    const memory = new DocMemory({ read: store.read, log });
    const doc = await memory.hold('t', 'd', 's1');
    if (!doc) throw new Error('not loaded');
    // seq 2 and 3 are stored through another node; only 3's message arrives here
    stored.push(updates[1], updates[2]);
    memory.applyStored('t', 'd', 3, updates[2]);
    expect(doc.seq).toBe(1);
    await doc.catchingUp;
    expect(doc.seq).toBe(3);
    expect(store.reads).toEqual([0, 1]);
    expect(paragraphs(doc.ydoc)).toEqual(['a', 'b', 'c']);
    // in order, nothing is read
    stored.push(updates[3]);
    memory.applyStored('t', 'd', 4, updates[3]);
    expect(doc.seq).toBe(4);
    expect(store.reads).toEqual([0, 1]);
    // already applied: ignored
    memory.applyStored('t', 'd', 2, updates[1]);
    expect(paragraphs(doc.ydoc)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ignores updates of documents it does not hold', () => {
    const memory = new DocMemory({ read: fakeLog([]).read, log });
    memory.applyStored('t', 'nobody', 1, edits()[0]);
    expect(memory.get('t', 'nobody')).toBeUndefined();
  });
});
