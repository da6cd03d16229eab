import type { PlazaContext } from '../context.js';
import type { PlazaSocket, Realtime } from '../realtime/realtime.js';
import type { DocActor } from './access.js';
import { DocService } from './service.js';
import { DEFAULT_DOCS_OPTIONS, DocSync, type DocsOptions } from './sync.js';

export interface AttachedDocs {
  service: DocService;
  sync: DocSync;
  /** Stops timers and drops loaded documents (shutdown). */
  close(): void;
}

/**
 * Documents over socket.io: the `docs:*` requests. Handlers say who acts and call the
 * service (facts, sharing) or the sync (content, versions) — nothing else.
 *
 * @example
 * const docs = attachDocs(ctx, realtime);
 * await app.register(docRoutes, { docs });
 */
export function attachDocs(ctx: PlazaContext, realtime: Realtime, options: Partial<DocsOptions> = {}): AttachedDocs {
  const service = new DocService(ctx, realtime);
  const sync = new DocSync(ctx, realtime, service, { ...DEFAULT_DOCS_OPTIONS, ...options });
  const as = (socket: PlazaSocket): Promise<DocActor> => service.actorFor(socket.data.tenantId, socket.data.userKey);

  realtime.handle('docs:spaces', async (socket) => ({ spaces: await service.spaces(await as(socket)) }));
  realtime.handle('docs:space:create', async (socket, p) => service.createSpace(await as(socket), p));
  realtime.handle('docs:folders', async (socket, p) => ({ folders: await service.folders(await as(socket), p.spaceId) }));
  realtime.handle('docs:folder:create', async (socket, p) => service.createFolder(await as(socket), p));
  realtime.handle('docs:list', async (socket, p) => service.list(await as(socket), p));
  realtime.handle('docs:create', async (socket, p) => service.create(await as(socket), p));
  realtime.handle('docs:get', async (socket, p) => service.get(await as(socket), p.docId));
  realtime.handle('docs:update', async (socket, p) => service.update(await as(socket), p));
  realtime.handle('docs:access', async (socket, p) => service.access(await as(socket), p));
  realtime.handle('docs:share', async (socket, p) => service.share(await as(socket), p));
  realtime.handle('docs:open', (socket, p) => sync.open(socket, p.docId));
  realtime.handle('docs:close', (socket, p) => Promise.resolve(sync.close(socket, p.docId)));
  realtime.handle('docs:sync', (socket, p) => sync.sync(socket, p.docId, p.message));
  realtime.handle('docs:versions', async (socket, p) => sync.versions(await as(socket), p));
  realtime.handle('docs:version:save', async (socket, p) => sync.saveVersion(await as(socket), p.docId, p.name));
  realtime.handle('docs:version:restore', async (socket, p) => sync.restore(await as(socket), p.docId, p.versionId));
  realtime.handle('docs:version:state', async (socket, p) => sync.versionState(await as(socket), p.docId, p.versionId));
  realtime.handle('docs:export', async (socket, p) => ({ markdown: await sync.exportMarkdown(await as(socket), p.docId) }));

  return { service, sync, close: () => sync.stop() };
}
