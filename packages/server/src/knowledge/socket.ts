import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import type { KnowledgeActor } from './access.js';
import { KnowledgeService } from './service.js';

/**
 * Knowledge articles over socket.io: everyone's `knowledge:search`, `…:get` and
 * `…:suggest` (published articles; writers also drafts), and writers' `…:create`,
 * `…:update` and `…:delete`. Handlers say who acts and call the service; the service
 * refuses what the actor may not do.
 *
 * @example
 * const knowledge = attachKnowledge(ctx, realtime);
 * await app.register(knowledgeRoutes, { knowledge });
 */
export function attachKnowledge(ctx: PlazaContext, realtime: Realtime): KnowledgeService {
  const knowledge = new KnowledgeService(ctx);
  const as = (socket: PlazaSocket): Promise<KnowledgeActor> => knowledge.actorFor(socket.data.tenantId, socket.data.userKey);

  realtime.handle('knowledge:search', async (socket, p) => knowledge.search(await as(socket), p));
  realtime.handle('knowledge:get', async (socket, p) => knowledge.get(await as(socket), p.articleId));
  realtime.handle('knowledge:suggest', async (socket, p) => knowledge.suggest(await as(socket), p));
  realtime.handle('knowledge:create', async (socket, p) => knowledge.create(await as(socket), p));
  realtime.handle('knowledge:update', async (socket, p) => knowledge.update(await as(socket), p.articleId, p.changes));
  realtime.handle('knowledge:delete', async (socket, p) => knowledge.remove(await as(socket), p.articleId));
  return knowledge;
}
