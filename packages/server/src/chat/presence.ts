import type { PresenceStatus } from '@plaza/protocol';
import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import { knownToPartner } from './queries.js';
import type { Actor } from './service.js';

/**
 * Who is online: a user with at least one socket on any node (several tabs, several
 * nodes). The answer comes from socket.io itself (`fetchSockets` through the adapter),
 * so a node that dies takes its users' presence with it and nothing needs cleaning up.
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
      // said on every connect: cheaper and race-free compared to working out whether it is the first
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
    const online = await this.realtime.connectedUsers(actor.tenantId, visible);
    return Object.fromEntries(ids.map((id) => [id, online.has(id) ? 'online' : 'offline']));
  }

  private async disconnected(tenantId: string, userId: string): Promise<void> {
    // a node shutting down drops its sockets; their users reconnect to another node
    if (this.realtime.isClosing) return;
    try {
      if ((await this.realtime.connectedUsers(tenantId, [userId])).size > 0 || this.realtime.isClosing) return;
      this.realtime.emitToPresenceWatchers(tenantId, userId, 'presence:changed', { userId, status: 'offline' });
      // a tab that connected while this one was looking said "online" before our "offline": say it again
      if ((await this.realtime.connectedUsers(tenantId, [userId])).size > 0) {
        this.realtime.emitToPresenceWatchers(tenantId, userId, 'presence:changed', { userId, status: 'online' });
      }
    } catch (error) {
      // the server is closing, or another node did not answer in time
      this.ctx.log.debug({ err: error }, 'presence check after disconnect failed');
    }
  }
}
