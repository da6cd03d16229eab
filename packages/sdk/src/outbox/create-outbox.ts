import type { OutboxChoice } from '../options.js';
import { IndexedDbOutbox } from './indexeddb-outbox.js';
import { MemoryOutbox } from './memory-outbox.js';
import type { Outbox } from './outbox.js';

/** The outbox the (already checked) `outbox` option names. */
export function createOutbox(choice: OutboxChoice): Outbox {
  if (choice === 'memory') return new MemoryOutbox();
  if (choice === 'indexeddb') return new IndexedDbOutbox();
  return choice;
}
