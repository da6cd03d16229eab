import type { ActivityState, PresenceStatus } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';
import { IdleDetector, type ActivitySource, type IdleTimers } from './idle-detector.js';

/** Presence by host user id, as `client.presence` holds it. */
export type PresenceMap = Readonly<Record<string, PresenceStatus>>;

export interface PresenceTrackerOptions {
  /** The client's `idleAfterMs`: how long without input before this page says it is idle; `false` never. */
  idleAfterMs: number | false;
  /** Where input and visibility are watched: default `document` where there is one, none in Node. */
  source?: ActivitySource | null;
  /** For tests: hand-moved timers. */
  timers?: IdleTimers;
}

/**
 * `client.presence` and `client.queryPresence`: statuses asked for, then kept current by
 * `presence:changed` pushes (the server sends them for users who share a channel). In a
 * browser it also tells the server when this page goes idle (no input for `idleAfterMs`,
 * or hidden) and active again, so others see the user `away` once all their tabs are idle.
 *
 * @example
 * await client.queryPresence(['alice', 'bob']);
 * client.presence.subscribeWithSelector((p) => p.alice, (status) => dot.dataset.status = status ?? 'offline');
 */
export class PresenceTracker {
  readonly store = new StateStore<PresenceMap>({});
  readonly #connection: Connection;
  readonly #detector: IdleDetector | null;

  constructor(connection: Connection, options: PresenceTrackerOptions = { idleAfterMs: false }) {
    this.#connection = connection;
    connection.onPush('presence:changed', ({ userId, status }) => this.#merge({ [userId]: status }));
    this.#detector = this.#startDetector(options);
    // a socket starts active on the server: only an idle page has something to say after a
    // (re)connect, or now, when this capability starts after the sign-in (a chunk loaded later)
    connection.onReady(() => this.#reportIfIdle());
    this.#reportIfIdle();
  }

  async query(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const { statuses } = await this.#connection.request('presence:query', { userIds: [...new Set(userIds)] });
    this.#merge(statuses);
  }

  #startDetector({ idleAfterMs, source, timers }: PresenceTrackerOptions): IdleDetector | null {
    const watched = source === undefined ? (typeof document === 'undefined' ? null : document) : source;
    if (idleAfterMs === false || !watched) return null;
    const detector = new IdleDetector({ idleAfterMs, source: watched, onChange: (state) => this.#report(state), ...(timers ? { timers } : {}) });
    detector.start();
    return detector;
  }

  #reportIfIdle(): void {
    if (this.#detector?.state === 'idle') this.#report('idle');
  }

  /** Tells the server; offline there is nothing to tell, and the next sign-in says it again. */
  #report(state: ActivityState): void {
    if (this.#connection.status !== 'online') return;
    // best effort: a lost report is corrected by the next change or the next sign-in
    this.#connection.request('presence:set', { state }).catch(() => undefined);
  }

  #merge(statuses: Record<string, PresenceStatus>): void {
    const current = this.store.get();
    if (Object.entries(statuses).every(([id, status]) => current[id] === status)) return;
    this.store.set({ ...current, ...statuses });
  }
}
