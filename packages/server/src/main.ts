#!/usr/bin/env node
import { createServer, defaultLogger, type PlazaServer } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';

const SHUTDOWN_LIMIT_MS = 10_000;

/** Start-up failures print one line, never a stack trace. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function readConfig(): Config {
  try {
    return loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`plaza-server: configuration error: ${oneLine(error)}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Stops on the first signal; a second signal, or the time limit, ends the process at once. */
function handleSignals(server: PlazaServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const limit = setTimeout(() => {
      server.app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = defaultLogger();
  if (config.masterKeyGenerated) {
    log.warn(`generated a master key into ${config.dataDir}/master.key; back it up, or set PLAZA_MASTER_KEY`);
  }
  let server: PlazaServer;
  try {
    server = await createServer({ config, logger: log });
  } catch (error) {
    const kind = error instanceof ConfigError ? 'configuration error' : 'cannot start';
    process.stderr.write(`plaza-server: ${kind}: ${oneLine(error)}\n`);
    process.exit(1);
  }
  handleSignals(server);
  let url: string;
  try {
    url = await server.listen();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where = code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' ? `PLAZA_HOST/PLAZA_PORT: cannot listen on ${config.host}:${config.port}: ` : 'cannot start: ';
    process.stderr.write(`plaza-server: ${where}${oneLine(error)}\n`);
    await server.close().catch(() => undefined);
    process.exit(1);
  }
  log.info({ url }, 'plaza listening');
  if (config.demo) process.stdout.write(`\nPlaza demo is running: open ${url}/examples/oa-portal-html/\n\n`);
}

await main();
