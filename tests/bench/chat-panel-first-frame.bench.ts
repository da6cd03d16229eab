/**
 * First frame of `<plaza-chat-panel>` with 10,000 messages already in its store, in
 * headless Chromium (Debian's /usr/bin/chromium through playwright-core), from a production
 * bundle vite builds from the sources (pages/chat-panel-first-frame.page.js).
 *
 * Start: the panel, its `.client` set (the elements' fake client, as the stories' "Long
 * history" uses, holding the 10,000 messages of #general) is appended to the document.
 * Stop: the first frame rendered after the first updates of the panel, its message list and
 * its rows completed (a message posted from a requestAnimationFrame callback, which runs
 * after that frame's style, layout and paint). No server, no storage: dialect and
 * durability do not apply. Each sample runs on a fresh page; the figures are medians.
 *
 * Baseline, same run, same page: the same 10,000 texts as plain `<div>` rows in a scrolling
 * container scrolled to the newest — the simplest thing that shows the same history, with
 * no virtualization. (An empty panel is measured too and logged: what the panel costs
 * before any message, and a second panel on the same page: how much is one-time work.)
 * Second row: message rows in the DOM, at the first frame or after
 * ten more frames, whichever is more, against the 10,000 rows of the baseline.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { bundlePage, openPage } from './page-bundle.js';
import { percentile, type Row } from './report.js';

const MESSAGES = Number(process.env.PLAZA_BENCH_MESSAGES ?? 10_000);
const SAMPLES = Number(process.env.PLAZA_BENCH_SAMPLES ?? 15);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <style>
      body { margin: 0; font: 14px system-ui, sans-serif; }
      #host { width: 960px; height: 600px; }
      #host > * { display: block; height: 100%; }
      .scroller { overflow: auto; }
    </style>
  </head>
  <body><div id="host"></div></body>
</html>`;

/** What the page entry exposes as `window.PlazaBench`. */
interface PageApi {
  panelFirstFrame(count: number): Promise<{ ms: number; firstFrameRows: number; settledRows: number; messages: number }>;
  plainRowsFirstFrame(count: number): Promise<{ ms: number; rows: number }>;
}
interface BenchWindow {
  PlazaBench: PageApi;
}

function freshPage(newPage: () => Promise<Page>, script: string): Promise<Page> {
  return openPage(newPage, PAGE, script);
}

export async function run(): Promise<Row[]> {
  const script = await bundlePage('pages/chat-panel-first-frame.page.js');
  const browser = await launchChromium();
  const panel: number[] = [];
  const warm: number[] = [];
  const empty: number[] = [];
  const plain: number[] = [];
  let rowsInDom = 0;
  let plainRows = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const newPage = () => context.newPage();
    // One warm-up page, so the first sample does not pay for Chromium's own start-up.
    await (await freshPage(newPage, script)).close();
    for (let i = 0; i < SAMPLES; i++) {
      // Interleaved, so a burst of load from elsewhere on the machine hits all three alike.
      let page = await freshPage(newPage, script);
      const full = await page.evaluate((count) => (window as unknown as BenchWindow).PlazaBench.panelFirstFrame(count), MESSAGES);
      // Once more on the same page: how much of the first is one-time work (compiling, styles).
      warm.push((await page.evaluate((count) => (window as unknown as BenchWindow).PlazaBench.panelFirstFrame(count), MESSAGES)).ms);
      await page.close();
      if (full.messages !== MESSAGES) throw new Error(`the store held ${full.messages} messages, not ${MESSAGES}`);
      if (full.firstFrameRows === 0) throw new Error('the first frame showed no message rows');
      panel.push(full.ms);
      rowsInDom = Math.max(rowsInDom, full.firstFrameRows, full.settledRows);

      page = await freshPage(newPage, script);
      empty.push((await page.evaluate(() => (window as unknown as BenchWindow).PlazaBench.panelFirstFrame(0))).ms);
      await page.close();

      page = await freshPage(newPage, script);
      const rows = await page.evaluate((count) => (window as unknown as BenchWindow).PlazaBench.plainRowsFirstFrame(count), MESSAGES);
      await page.close();
      plain.push(rows.ms);
      plainRows = rows.rows;
    }
  } finally {
    await browser.close();
  }
  console.log(
    `  chat panel first frame over ${SAMPLES} fresh pages: ${MESSAGES} messages p50 ${percentile(panel, 50).toFixed(1)} ms, max ${Math.max(...panel).toFixed(1)} ms, a second panel on the same page p50 ${percentile(warm, 50).toFixed(1)} ms;` +
      ` empty panel p50 ${percentile(empty, 50).toFixed(1)} ms; ${MESSAGES} plain divs p50 ${percentile(plain, 50).toFixed(1)} ms`,
  );
  const count = MESSAGES.toLocaleString('en');
  return [
    { name: `chat panel first frame p50, ${count} messages in the store (baseline: ${count} plain <div> rows)`, value: percentile(panel, 50), baseline: percentile(plain, 50), unit: 'ms', max: 150 },
    { name: `message rows in the DOM, ${count} messages (baseline: rows of the plain list)`, value: rowsInDom, baseline: plainRows, unit: 'rows', max: 100 },
  ];
}
