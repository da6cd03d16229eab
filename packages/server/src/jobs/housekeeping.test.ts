import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileInfo } from '@plaza/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlazaContext } from '../context.js';
import { linkFile } from '../files/access.js';
import { PRUNE_ORPHAN_FILES_JOB } from '../files/prune.js';
import { manualClock } from '../test-support/clock.js';
import { availableDialects, startTestServer, type TestServer } from '../test-support/index.js';
import { PRUNE_DELIVERIES_JOB } from '../webhooks/prune.js';
import { schedulePeriodicJobs } from './handlers.js';
import { SYSTEM_TENANT } from './periodic.js';

const dialects = await availableDialects();
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** A UUIDv7 whose time is `ms`, as an upload started then would have named its blob. */
function uuidAt(ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const rest = randomBytes(10).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${rest.slice(0, 3)}-8${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
}

describe.each(dialects)('housekeeping jobs on %s', (dialect) => {
  let t: TestServer;
  let ctx: PlazaContext;
  const clock = manualClock();

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock, startJobs: false });
    ctx = t.server.ctx;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await ctx.storage.db.deleteFrom('outbox').where('tenant_id', '=', SYSTEM_TENANT).execute();
  });

  function periodicRows() {
    return ctx.storage.db.selectFrom('outbox').selectAll().where('tenant_id', '=', SYSTEM_TENANT).orderBy('id').execute();
  }

  /** A token signed now: the test clock runs days ahead, and a token signed earlier would have expired. */
  const alice = () => t.signUserToken({ sub: 'alice', name: 'Alice' });

  async function upload(name: string): Promise<FileInfo> {
    const form = new FormData();
    form.append('file', new Blob([`contents of ${name}`]), name);
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${await alice()}` }, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileInfo;
  }

  const tenantDir = () => path.join(t.config.dataDir, 'files', t.tenantId);
  const onDisk = (name: string) => existsSync(path.join(tenantDir(), name));

  async function fileRows(): Promise<string[]> {
    return (await ctx.storage.db.selectFrom('files').select('id').where('tenant_id', '=', t.tenantId).execute()).map((r) => r.id);
  }

  it('schedules each periodic job once however many nodes start, keeps its schedule, and revives a dead one', async () => {
    await Promise.all([schedulePeriodicJobs(ctx), schedulePeriodicJobs(ctx)]);
    await schedulePeriodicJobs(ctx);
    const first = await periodicRows();
    expect(first.map((r) => [r.id, r.kind, r.state, r.run_at])).toEqual([
      [PRUNE_ORPHAN_FILES_JOB, PRUNE_ORPHAN_FILES_JOB, 'pending', clock.now() + HOUR],
      [PRUNE_DELIVERIES_JOB, PRUNE_DELIVERIES_JOB, 'pending', clock.now() + DAY],
    ]);

    clock.advance(10 * 60_000);
    await schedulePeriodicJobs(ctx);
    expect((await periodicRows()).map((r) => r.run_at)).toEqual(first.map((r) => r.run_at));

    await ctx.storage.db.updateTable('outbox').set({ state: 'dead', attempts: 1000 }).where('tenant_id', '=', SYSTEM_TENANT).where('id', '=', PRUNE_DELIVERIES_JOB).execute();
    await schedulePeriodicJobs(ctx);
    const revived = (await periodicRows()).find((r) => r.id === PRUNE_DELIVERIES_JOB);
    expect(revived).toMatchObject({ state: 'pending', attempts: 0, run_at: clock.now() });
  });

  it('runs a periodic job when it is due and then again a period after, on its one row', async () => {
    await schedulePeriodicJobs(ctx);
    expect(await t.server.jobs.runDue()).toBe(0);
    clock.advance(HOUR);
    expect(await t.server.jobs.runDue()).toBe(1);
    const row = (await periodicRows()).find((r) => r.id === PRUNE_ORPHAN_FILES_JOB);
    expect(row).toMatchObject({ state: 'pending', attempts: 0, run_at: clock.now() + HOUR, finished_at: clock.now(), locked_until: null });
    expect(await t.server.jobs.runDue()).toBe(0);
    clock.advance(HOUR);
    expect(await t.server.jobs.runDue()).toBe(1);
    expect(await periodicRows()).toHaveLength(2);
  });

  it('deletes uploads nothing links to after 24 h with their bytes, and bytes left without a row', async () => {
    await schedulePeriodicJobs(ctx);
    const orphan = await upload('orphan.txt');
    const attached = await upload('attached.txt');
    await linkFile(ctx.storage.db, { tenantId: t.tenantId, fileId: attached.id, objectKind: 'test-grant', objectId: 'o1', at: clock.now() });
    clock.advance(23 * HOUR);
    const young = await upload('young.txt');
    clock.advance(2 * HOUR);
    mkdirSync(tenantDir(), { recursive: true });
    const [strayOld, strayYoung, partOld] = [uuidAt(clock.now() - DAY - 1), uuidAt(clock.now() - HOUR), `${uuidAt(clock.now() - 2 * DAY)}.part`];
    for (const name of [strayOld, strayYoung, partOld]) writeFileSync(path.join(tenantDir(), name), 'bytes');

    // both jobs are due by now: the files one an hour after scheduling, the deliveries one a day after
    expect(await t.server.jobs.runDue()).toBe(2);

    expect((await fileRows()).sort()).toEqual([attached.id, young.id].sort());
    expect([orphan.id, attached.id, young.id, strayOld, strayYoung, partOld].map(onDisk)).toEqual([false, true, true, false, true, false]);
    const fresh = await fetch(`${t.url}/v1/files/${attached.id}`, { headers: { authorization: `Bearer ${await alice()}` } });
    const download = await fetch(new URL(((await fresh.json()) as FileInfo).url, t.url));
    expect(await download.text()).toBe('contents of attached.txt');
  });

  it('forgets webhook deliveries after 30 days', async () => {
    await schedulePeriodicJobs(ctx);
    clock.advance(DAY);
    const delivery = (id: string, ageDays: number) => ({
      tenant_id: t.tenantId,
      id,
      webhook_id: 'w1',
      event_id: `e-${id}`,
      type: 'task.created',
      attempt: 1,
      status: 200,
      error: null,
      created_at: clock.now() - ageDays * DAY,
    });
    await ctx.storage.db
      .insertInto('webhook_deliveries')
      .values([delivery('d-old', 31), delivery('d-edge', 30.5), delivery('d-recent', 29)])
      .execute();

    expect(await t.server.jobs.runDue()).toBe(2);

    const left = await ctx.storage.db.selectFrom('webhook_deliveries').select('id').where('tenant_id', '=', t.tenantId).execute();
    expect(left.map((r) => r.id)).toEqual(['d-recent']);
    expect((await periodicRows()).find((r) => r.id === PRUNE_DELIVERIES_JOB)).toMatchObject({ state: 'pending', run_at: clock.now() + DAY });
  });
});
