/**
 * One Plaza node for the kill -9 cluster test, as a process of its own: configured from
 * the PLAZA_* variables it is given, Redis keys under CLUSTER_REDIS_PREFIX, warnings and
 * errors logged to stderr. Prints `listening <url>` on stdout once it accepts connections.
 */
import { pino } from 'pino';
import { createServer } from '../../packages/server/src/app.js';
import { loadConfig } from '../../packages/server/src/config/config.js';

const server = await createServer({
  config: loadConfig(process.env),
  logger: pino({ level: process.env.CLUSTER_LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  ...(process.env.CLUSTER_REDIS_PREFIX ? { redisKeyPrefix: process.env.CLUSTER_REDIS_PREFIX } : {}),
});
const url = await server.listen();
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.stdout.write(`listening ${url}\n`);
