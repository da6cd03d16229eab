import type { PresenceStatus } from '@plaza/protocol';
import type { Connection } from '../connection/connection.js';
import { StateStore } from '../store/state-store.js';

/** Presence by host user id, as `client.presence` holds it. */
export type PresenceMap = Readonly<Record<string, PresenceStatus>>;

/**
 * `client.presence` and `client.queryPresence`: statuses asked for, then kept current by
 * `presence:changed` pushes (the server sends them for users who share a channel).
 *
 * @example
 * await client.queryPresence(['alice', 'bob']);
 * client.presence.subscribeWithSelector((p) => p.alice, (status) => dot.dataset.status = status ?? 'offline');
 */
export class PresenceTracker {
  readonly store = new StateStore<PresenceMap>({});
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
    connection.onPush('presence:changed', ({ userId, status }) => this.#merge({ [userId]: status }));
  }

  async query(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const { statuses } = await this.#connection.request('presence:query', { userIds: [...new Set(userIds)] });
    this.#merge(statuses);
  }

  #merge(statuses: Record<string, PresenceStatus>): void {
    const current = this.store.get();
    if (Object.entries(statuses).every(([id, status]) => current[id] === status)) return;
    this.store.set({ ...current, ...statuses });
  }
}
