import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, loadConfig, type PlazaServer } from '@plaza/server';
import { pino } from 'pino';

export interface DemoServer {
  url: string;
  server: PlazaServer;
  close(): Promise<void>;
}

/** The same server `npm start` runs (demo mode, embedded SQLite), on a free port. */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-e2e-'));
  const config = loadConfig({ PLAZA_PORT: '0', PLAZA_DATA_DIR: dataDir, PLAZA_DEMO: '1' });
  const server = await createServer({ config, logger: pino({ level: process.env.PLAZA_TEST_LOG ?? 'silent' }) });
  const url = await server.listen();
  return {
    url,
    server,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
