/**
 * A Plaza server process for the kill -9 test: it runs jobs of kind `fault.effect`, whose
 * handler makes a database effect through `once` and then, with FAULT_HANG=1, hangs until
 * the test kills the process. Reports progress as lines on stdout.
 */
import { pino } from 'pino';
import { createServer } from '../../packages/server/src/app.js';
import { recordAudit } from '../../packages/server/src/audit/audit.js';
import { loadConfig } from '../../packages/server/src/config/config.js';
import { JobWorker } from '../../packages/server/src/jobs/worker.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const hang = process.env.FAULT_HANG === '1';

const config = loadConfig({
  PLAZA_PORT: '0',
  PLAZA_DATA_DIR: process.env.FAULT_DATA_DIR,
  PLAZA_DATABASE_URL: process.env.FAULT_DATABASE_URL,
  PLAZA_MASTER_KEY: process.env.FAULT_MASTER_KEY,
});
const server = await createServer({ config, logger: pino({ level: 'silent' }), startJobs: false });
await server.listen();

const worker = new JobWorker(
  server.ctx,
  {
    'fault.effect': async (job, { once }) => {
      say(`run attempt=${job.attempt}`);
      const made = await once(`fault:${job.id}`, (trx) =>
        recordAudit(trx, { tenantId: job.tenantId, actor: 'system', action: 'fault.effect', target: job.id, at: server.ctx.clock.now() }),
      );
      say(made ? 'effect made' : 'effect skipped');
      if (hang) await new Promise<never>(() => undefined);
    },
  },
  // a short lease so the re-run comes quickly after the restart
  { leaseMs: 1_000, pollMs: 50 },
);
worker.start();
say('ready');
