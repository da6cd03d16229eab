import { randomBytes } from 'node:crypto';
import { sessionReady, signHs256, type SocketPool, type TestServer, type TestSocket } from '../test-support/index.js';

/** Test helpers for knowledge: tenants of their own, so searches of one test never see another's articles. */
export { ask, refusal, uid } from '../chat/test-kit.js';

export const ORIGIN = 'https://support.example';

export interface TestTenant {
  id: string;
  /** Opens a signed-in socket for a user of this tenant. */
  connect(sub: string, claims?: Record<string, unknown>): Promise<TestSocket>;
  serverToken(): Promise<string>;
}

export async function freshTenant(t: TestServer, sockets: SocketPool, allowedOrigins: string[] = [ORIGIN]): Promise<TestTenant> {
  const id = `k-${randomBytes(4).toString('hex')}`;
  const { secret } = await t.server.ctx.tenants.create({ id, name: `Tenant ${id}`, allowedOrigins });
  const now = () => Math.floor(t.server.ctx.clock.now() / 1000);
  return {
    id,
    async connect(sub, claims = {}) {
      const token = await signHs256({ tid: id, sub, name: sub, iat: now(), exp: now() + 3600, ...claims }, secret);
      const socket = sockets.open(t.url, { token });
      await sessionReady(socket);
      return socket;
    },
    serverToken: () => signHs256({ tid: id, srv: true, iat: now(), exp: now() + 600 }, secret),
  };
}
