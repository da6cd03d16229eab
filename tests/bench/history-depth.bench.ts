/**
 * History page of 50 at depth 1,000,000 messages, measured at the chat service (start:
 * the service call; stop: its resolved page, including access check and row mapping),
 * against page one of the same channel in the same run. SQLite (WAL, synchronous=NORMAL)
 * and, when it answers, PostgreSQL. After the bulk fill the database is settled as it
 * would be in service (SQLite's log checkpointed, PostgreSQL's statistics gathered, as
 * its autovacuum does after a load), so the samples time reading pages rather than the
 * aftermath of a million-row insert. Deep pages and page one alternate, so load from
 * elsewhere on the machine weighs on both alike.
 */
import { sql } from 'kysely';
import type { Db } from '../../packages/server/src/storage/database.js';
import { ChatService, userActor } from '../../packages/server/src/chat/service.js';
import { availableDialects, startTestServer, type TestDialect } from '../../packages/server/src/test-support/index.js';
import { percentile, type Row } from './report.js';

const MESSAGES = Number(process.env.PLAZA_BENCH_HISTORY_DEPTH ?? 1_000_000);
const SAMPLES = 1000;

/** Fills the channel with `count` messages in one statement (bench tooling, so dialect SQL is fine here). */
async function fill(dialect: TestDialect, db: Db, tenantId: string, channelId: string, authorId: string, count: number) {
  const now = Date.now();
  const series =
    dialect === 'postgres'
      ? sql`select n from generate_series(1, ${count}) as s(n)`
      : sql`with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n from s`;
  const id =
    dialect === 'postgres' ? sql`'00000000-0000-7000-8000-' || lpad(n::text, 12, '0')` : sql`printf('00000000-0000-7000-8000-%012d', n)`;
  await sql`
    insert into messages (tenant_id, id, channel_id, seq, rev, author_id, client_id, text, urgency, mentions,
      mentions_all, thread_root_id, reply_count, pinned, created_at, edited_at, recalled_at, deleted_at)
    select ${tenantId}, ${id}, ${channelId}, n, n, ${authorId}, null, 'message number ' || n, 'normal', '[]',
      0, null, 0, 0, cast(${now} as bigint) + n, null, null, null
    from (${series}) as series`.execute(db);
  await sql`update channels set last_seq = ${count}, rev = ${count} where tenant_id = ${tenantId} and id = ${channelId}`.execute(db);
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
  else await sql`analyze messages`.execute(db);
}

/** Times each of `runs` SAMPLES times, taking turns. */
async function measure(runs: readonly (() => Promise<unknown>)[]): Promise<number[][]> {
  const times = runs.map((): number[] => []);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [k, run] of runs.entries()) {
      const started = performance.now();
      await run();
      times[k].push(performance.now() - started);
    }
  }
  return times;
}

async function onDialect(dialect: TestDialect): Promise<Row> {
  const t = await startTestServer({ dialect, startJobs: false });
  try {
    const ctx = t.server.ctx;
    const now = Math.floor(Date.now() / 1000);
    const user = await ctx.users.provision({ tid: t.tenantId, sub: 'bench', name: 'Bench', kind: 'member', roles: [], dept: [], iat: now, exp: now + 3600 });
    const chat = new ChatService(ctx);
    const actor = userActor(user);
    const channel = await chat.createChannel(actor, { kind: 'group', name: 'history bench', members: [] });
    const filling = performance.now();
    await fill(dialect, ctx.storage.db, t.tenantId, channel.id, user.id, MESSAGES);
    console.log(`  ${dialect}: ${MESSAGES} messages written in ${((performance.now() - filling) / 1000).toFixed(1)} s`);
    // warm both paths once so neither pays first-query costs inside the samples
    await chat.history(actor, { channelId: channel.id, limit: 50 });
    await chat.history(actor, { channelId: channel.id, before: 51, limit: 50 });
    const [pageOne, deep] = await measure([
      () => chat.history(actor, { channelId: channel.id, limit: 50 }),
      () => chat.history(actor, { channelId: channel.id, before: 51 + Math.floor(Math.random() * 1000), limit: 50 }),
    ]);
    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
    console.log(`  ${dialect}: deep page p50 ${ms(deep, 50)}, p99 ${ms(deep, 99)}; page one p50 ${ms(pageOne, 50)}, p99 ${ms(pageOne, 99)}`);
    return {
      name: `history page of 50 at depth ${MESSAGES.toLocaleString('en')} p99 (${dialect})`,
      value: percentile(deep, 99),
      baseline: percentile(pageOne, 99),
      unit: 'ms',
      budgetRatio: 2,
      ...(dialect === 'sqlite' ? { max: 2 } : {}),
    };
  } finally {
    await t.close();
  }
}

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const dialect of await availableDialects()) rows.push(await onDialect(dialect));
  return rows;
}
