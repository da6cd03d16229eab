/**
 * Time to an interactive public ticket form from `/sdk/ticket-form.js`, in headless
 * Chromium (Debian's /usr/bin/chromium through playwright-core), against a real Plaza
 * server: the file `npm run build` wrote to packages/server/public/sdk/, served by Plaza
 * (a process of its own, NODE_ENV=production, SQLite WAL with synchronous=NORMAL; the
 * form's one request is a read). The page is served from another origin (a small node:http
 * server here on 127.0.0.1, which the tenant's allowed origins name), as on a customer's
 * site: one `<script type="module" src=".../sdk/ticket-form.js">` and
 * `<plaza-ticket-form tenant url>`.
 *
 * Start: the `startTime` of the script's resource timing entry — when Chromium began
 * fetching ticket-form.js, in ms after the page's navigation start (the preload scanner
 * starts it while the HTML is parsed).
 * Stop: the first frame rendered (a message posted from a requestAnimationFrame callback)
 * after the form became interactive: its submit button rendered and enabled, its name
 * field enabled and taking focus (`:enabled` also covers a disabled fieldset). While its
 * configuration (`GET /v1/public/ticket-form`) loads, the form shows only "Loading…", so
 * this includes that request. A MutationObserver on the form's shadow root checks each
 * change (pages/ticket-form-probe.js, inlined before the module script). The parts are
 * printed too (script fetch, evaluation up to the config request, the request, rendering),
 * from the resource timing entries of the script and the config request.
 * Each sample is a fresh browser context (an empty HTTP cache: a first visit); the
 * figures are p50 and max over `PLAZA_BENCH_SAMPLES` pages, after one unmeasured page.
 *
 * Baseline, same run, interleaved, same clock: a page whose one module script
 * (pages/plain-ticket-form.js, from the page's origin) fetches the same configuration from
 * the same server and builds the same fields as a plain `<form>` with DOM calls — what any
 * form that asks the server for its categories must do, at this machine's speed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startNode } from '../cluster/node-process.js';
import { launchChromium } from '../support/browser.js';
import { benchDir } from './children.js';
import { percentile, type Row } from './report.js';
import { BENCH_ADMIN_TOKEN, createTenant } from './tenant.js';

const SAMPLES = Number(process.env.PLAZA_BENCH_SAMPLES ?? 15);
const BUILT = path.resolve(benchDir, '../../packages/server/public/sdk/ticket-form.js');
const PROBE = readFileSync(path.join(benchDir, 'pages/ticket-form-probe.js'), 'utf8');
const PLAIN = readFileSync(path.join(benchDir, 'pages/plain-ticket-form.js'), 'utf8');

/** What the probe reports, in ms after navigation start. */
interface Probe {
  scriptStart: number;
  scriptEnd: number;
  /** The form configuration request (`GET /v1/public/ticket-form`). */
  configStart: number;
  configEnd: number;
  interactiveAt: number;
  frameAt: number;
}

interface Sample extends Probe {
  /** Script load start to the first frame with the form interactive. */
  ms: number;
}

/** The benchmark's pages: the same document around either script and element. */
function page(script: string, host: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Support</title>
    <script data-script="${script}" data-host="${host}">${PROBE}</script>
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <h1>Contact support</h1>
    ${body}
  </body>
</html>`;
}

/**
 * Serves the pages from an origin of their own; resolves with that origin. The tenant is
 * created after (it must allow this origin), hence `tenantOf`.
 */
async function pageServer(plaza: string, tenantOf: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    const tenant = tenantOf();
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (request.url === '/form') {
      response.writeHead(200, html).end(page(`${plaza}/sdk/ticket-form.js`, 'plaza-ticket-form', `<plaza-ticket-form tenant="${tenant}" url="${plaza}"></plaza-ticket-form>`));
    } else if (request.url === '/plain') {
      response.writeHead(200, html).end(page(`${origin}/plain-ticket-form.js`, 'document', `<div id="plain" data-tenant="${tenant}" data-url="${plaza}"></div>`));
    } else if (request.url === '/plain-ticket-form.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).end(PLAIN);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Opens `url` in a fresh context (cold caches) and waits for the probe's figures. */
async function sample(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(url);
    const probe = await Promise.race([
      tab.evaluate(() => (window as unknown as { PlazaProbe: Promise<Probe> }).PlazaProbe),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${url} did not become interactive in 10 s; page errors: ${errors.join('; ')}`)), 10_000)),
    ]);
    return { ...probe, ms: probe.frameAt - probe.scriptStart };
  } finally {
    await context.close();
  }
}

function summary(name: string, samples: readonly Sample[]): string {
  const p50 = (pick: (s: Sample) => number) => percentile(samples.map(pick), 50).toFixed(1);
  return (
    `  ${name}: p50 ${p50((s) => s.ms)} ms, max ${Math.max(...samples.map((s) => s.ms)).toFixed(1)} ms from script load start to an interactive form's first frame;` +
    ` p50 of its parts: script fetched ${p50((s) => s.scriptEnd - s.scriptStart)} ms, script loaded → config requested ${p50((s) => s.configStart - s.scriptEnd)} ms,` +
    ` config request ${p50((s) => s.configEnd - s.configStart)} ms, config in → interactive ${p50((s) => s.interactiveAt - s.configEnd)} ms → frame ${p50((s) => s.frameAt - s.interactiveAt)} ms` +
    ` (script load started ${p50((s) => s.scriptStart)} ms after navigation start)`
  );
}

export async function run(): Promise<Row[]> {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plaza-bench-form-'));
  const { node, url: plaza } = await startNode(
    'bench',
    {
      NODE_ENV: 'production',
      CLUSTER_LOG_LEVEL: 'info',
      PLAZA_PORT: '0',
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      PLAZA_MASTER_KEY: randomBytes(32).toString('base64'),
    },
    30_000,
  );
  let pages: Server | undefined;
  let browser: Browser | undefined;
  const form: Sample[] = [];
  const plain: Sample[] = [];
  try {
    let tenant = '';
    const served = await pageServer(plaza, () => tenant);
    pages = served.server;
    tenant = (await createTenant(plaza, [served.origin])).id;
    browser = await launchChromium();
    // One unmeasured page of each: Chromium's own start-up, the server's first requests.
    await sample(browser, `${served.origin}/form`);
    await sample(browser, `${served.origin}/plain`);
    for (let i = 0; i < SAMPLES; i++) {
      // Interleaved, so a burst of load from elsewhere on the machine hits both alike.
      form.push(await sample(browser, `${served.origin}/form`));
      plain.push(await sample(browser, `${served.origin}/plain`));
    }
  } finally {
    await browser?.close();
    pages?.close();
    await node.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const built = statSync(BUILT);
  console.log(`  ${BUILT} (${built.size} bytes, built ${built.mtime.toISOString()}), ${SAMPLES} fresh browser contexts each`);
  console.log(summary('<plaza-ticket-form> from /sdk/ticket-form.js', form));
  console.log(summary('plain <form> built by a module script', plain));
  const ms = (samples: readonly Sample[]) => samples.map((s) => s.ms);
  return [
    { name: `ticket form interactive p50, script load start → first frame, cold cache (baseline: a plain <form> from the same config)`, value: percentile(ms(form), 50), baseline: percentile(ms(plain), 50), unit: 'ms', max: 100 },
    { name: `ticket form interactive max over ${SAMPLES} pages (baseline: the plain form's max)`, value: Math.max(...ms(form)), baseline: Math.max(...ms(plain)), unit: 'ms' },
  ];
}
