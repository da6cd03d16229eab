import type { Task } from '@plaza/protocol';
import type { Unsubscribe } from '../events/emitter.js';
import { StateStore } from '../store/state-store.js';

/** An optimistic change: the task as it would be after it (undefined: deleted or not there). */
export type Overlay = (task: Task | undefined) => Task | undefined;

/** Hears which ids changed; `fresh` when the change is a load's answer rather than a push or an own change. */
export type CacheListener = (ids: readonly string[], fresh: boolean) => void;

interface Layer {
  token: number;
  apply: Overlay;
}

/**
 * Every task the client knows, in two layers: what the server last said (version-guarded,
 * so a late push never replaces a newer answer), and this client's changes still on the
 * wire, applied on top in the order they were made. A refused change is dropped and the
 * task falls back to the server's value; an accepted one is dropped once the server's
 * answer is in, so later pushes rebase the remaining changes instead of being hidden.
 *
 * Listeners (views, details) hear which ids changed, in batches.
 */
export class TaskCache {
  /** Ids with a change on the wire. */
  readonly pending = new StateStore<ReadonlySet<string>>(new Set());
  readonly #server = new Map<string, Task>();
  readonly #layers = new Map<string, Layer[]>();
  /** Ids the server said are gone: a push that was already under way cannot bring them back. */
  readonly #gone = new Set<string>();
  readonly #listeners = new Set<CacheListener>();
  #tokens = 0;
  #batch: Set<string> | null = null;
  /** The running batch holds a load's answer. */
  #batchFresh = false;

  /** The task as this client shows it. */
  get(id: string): Task | undefined {
    let task = this.#server.get(id);
    for (const layer of this.#layers.get(id) ?? []) task = layer.apply(task);
    return task;
  }

  /** The server's version of a task, without this client's pending changes. */
  confirmed(id: string): Task | undefined {
    return this.#server.get(id);
  }

  /** Every task as shown (ids with a server value or a pending change). */
  *all(): Generator<Task> {
    for (const id of new Set([...this.#server.keys(), ...this.#layers.keys()])) {
      const task = this.get(id);
      if (task) yield task;
    }
  }

  /**
   * Takes the server's tasks. A task older than the one held (lower version, or the same
   * version at a lower rev) is ignored. `fresh` answers (a load) may bring back ids that
   * were gone, since the user can see them again.
   */
  put(tasks: readonly Task[], fresh = false): void {
    this.#batched((changed) => {
      if (fresh) this.#batchFresh = true;
      for (const task of tasks) {
        if (fresh) this.#gone.delete(task.id);
        else if (this.#gone.has(task.id)) continue;
        const held = this.#server.get(task.id);
        if (held && (task.version < held.version || (task.version === held.version && task.rev < held.rev))) continue;
        this.#server.set(task.id, task);
        changed.add(task.id);
      }
    });
  }

  /** The server says these tasks are gone (deleted, or out of the user's sight). */
  delete(ids: readonly string[]): void {
    this.#batched((changed) => {
      for (const id of ids) {
        this.#gone.add(id);
        if (this.#server.delete(id)) changed.add(id);
      }
    });
  }

  /** Server tasks of a list that an authoritative answer no longer has. */
  idsOfList(listId: string): string[] {
    return [...this.#server.values()].filter((t) => t.listId === listId).map((t) => t.id);
  }

  /** Adds a pending change; returns the token that drops it. */
  overlay(id: string, apply: Overlay): number {
    const token = ++this.#tokens;
    this.#layers.set(id, [...(this.#layers.get(id) ?? []), { token, apply }]);
    this.#pendingChanged();
    this.#batched((changed) => changed.add(id));
    return token;
  }

  /** Drops a pending change (answered, or refused). */
  drop(id: string, token: number): void {
    const layers = (this.#layers.get(id) ?? []).filter((layer) => layer.token !== token);
    if (layers.length > 0) this.#layers.set(id, layers);
    else this.#layers.delete(id);
    this.#pendingChanged();
    this.#batched((changed) => changed.add(id));
  }

  /** Runs `work` and tells the listeners once about every id it touched. */
  batch(work: () => void): void {
    this.#batched(() => work());
  }

  listen(listener: CacheListener): Unsubscribe {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #batched(work: (changed: Set<string>) => void): void {
    if (this.#batch) {
      work(this.#batch);
      return;
    }
    const changed = (this.#batch = new Set());
    this.#batchFresh = false;
    try {
      work(changed);
    } finally {
      this.#batch = null;
    }
    if (changed.size === 0) return;
    const ids = [...changed];
    const fresh = this.#batchFresh;
    for (const listener of [...this.#listeners]) listener(ids, fresh);
  }

  #pendingChanged(): void {
    this.pending.set(new Set(this.#layers.keys()));
  }
}
