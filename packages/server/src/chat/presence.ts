import type { ActivityState, PresenceStatus } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { knownToPartner } from './queries.js';
import type { Actor } from './service.js';

/**
 * A user's status from what their connected sockets say: `online` when any is active,
 * `away` when every one is idle, `offline` without any.
 *
 * @example
 * userStatus(['idle', undefined]); // 'online' (a socket that never said is active)
 */
export function userStatus(activities: readonly (ActivityState | undefined)[]): PresenceStatus {
  if (activities.length === 0) return 'offline';
  return activities.some((activity) => activity !== 'idle') ? 'online' : 'away';
}

/**
 * Who is online, away or offline. The answer comes from socket.io itself: every socket's
 * activity lives in its `socket.data`, which `fetchSockets` reads through the adapter
 * from every node, so several tabs and several nodes count, a node that dies takes its
 * users' sockets with it and nothing needs cleaning up.
 *
 * Changes go only to sockets that asked about a user with `presence:query` (which
 * subscribes them), not to the whole tenant: with thousands of users online a
 * tenant-wide broadcast on every connect is quadratic, and customers and partners must
 * not watch every employee come and go.
 */
export class Presence {
  constructor(
    private readonly ctx: PlazaContext,
    private readonly realtime: Realtime,
  ) {}

  attach(): void {
    this.realtime.onConnection(async (socket) => {
      const { tenantId, userId } = socket.data;
      // a socket starts active, so a connect always means online: said on every connect,
      // cheaper and race-free compared to working out whether it is the first
      this.realtime.emitToPresenceWatchers(tenantId, userId, 'presence:changed', { userId, status: 'online' });
      socket.on('disconnect', () => void this.disconnected(tenantId, userId));
    });
  }

  /** Statuses of `userIds`, and from now on their changes pushed to this socket. */
  async query(actor: Actor, socket: PlazaSocket, userIds: readonly string[]): Promise<Record<string, PresenceStatus>> {
    const ids = [...new Set(userIds)];
    let visible = ids;
    if (actor.kind === 'partner') {
      const known = await knownToPartner(this.ctx.storage.db, actor.tenantId, actor.user.id, actor.user.org);
      const rows = ids.length
        ? await this.ctx.storage.db.selectFrom('users').select(['id', 'host_id']).where('tenant_id', '=', actor.tenantId).where('host_id', 'in', ids).execute()
        : [];
      const allowed = new Set(rows.filter((r) => known.has(r.id)).map((r) => r.host_id));
      visible = ids.filter((id) => allowed.has(id));
    }
    // watch first, then look: a change in between is pushed rather than lost
    this.realtime.watchPresence(socket, visible);
    const statuses = await this.statuses(actor.tenantId, visible);
    return Object.fromEntries(ids.map((id) => [id, statuses.get(id) ?? 'offline']));
  }

  /** Records what this socket says of its user's activity and tells the watchers what that makes the user. */
  async setActivity(socket: PlazaSocket, state: ActivityState): Promise<{ state: ActivityState }> {
    if ((socket.data.activity ?? 'active') === state) return { state };
    socket.data.activity = state;
    const { tenantId, userId } = socket.data;
    await this.announce(tenantId, userId, await this.statusOf(tenantId, userId));
    return { state };
  }

  private async disconnected(tenantId: string, userId: string): Promise<void> {
    // a node shutting down drops its sockets; their users reconnect to another node
    if (this.realtime.isClosing) return;
    try {
      const status = await this.statusOf(tenantId, userId);
      // an active socket is left: the user was online and still is
      if (status === 'online' || this.realtime.isClosing) return;
      await this.announce(tenantId, userId, status);
    } catch (error) {
      // the server is closing, or another node did not answer in time
      this.ctx.log.debug({ err: error }, 'presence check after disconnect failed');
    }
  }

  /**
   * Pushes `status`, then looks again: a tab that connected or changed its activity while
   * this one was looking may have said its piece before ours, so the last word is the truth.
   */
  private async announce(tenantId: string, userId: string, status: PresenceStatus): Promise<void> {
    this.realtime.emitToPresenceWatchers(tenantId, userId, 'presence:changed', { userId, status });
    const now = await this.statusOf(tenantId, userId);
    if (now !== status) this.realtime.emitToPresenceWatchers(tenantId, userId, 'presence:changed', { userId, status: now });
  }

  private async statusOf(tenantId: string, userId: string): Promise<PresenceStatus> {
    return (await this.statuses(tenantId, [userId])).get(userId) ?? 'offline';
  }

  /** The status of each of these users that has a socket on any node; the others are offline. */
  private async statuses(tenantId: string, userIds: readonly string[]): Promise<Map<string, PresenceStatus>> {
    const activities = new Map<string, (ActivityState | undefined)[]>();
    for (const data of await this.realtime.socketsOfUsers(tenantId, userIds)) {
      activities.set(data.userId, [...(activities.get(data.userId) ?? []), data.activity]);
    }
    return new Map([...activities].map(([id, list]) => [id, userStatus(list)]));
  }
}
