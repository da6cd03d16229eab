/**
 * A board of 2,000 tasks rendered by `<plaza-task-list view="board">`, in headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core), from a production bundle vite
 * builds from the sources (pages/task-board-render.page.js). The element is 1200×600 px and
 * keeps its own display (flex), so its columns scroll as they do on a page.
 *
 * Start: the element, its `.client` set, is appended to the document. The client is the
 * elements' test and story client (test-support/fake-tasks: the real SDK tasks capability
 * over an in-memory tasks server) with the list's 2,000 tasks over three columns already
 * in its store — the list's view loaded before the clock starts, which the element shares
 * because it asks for the same query — and its notifications loaded. Stop: the first frame
 * rendered after the first updates of the element and of every custom element inside it
 * (the board is one, defined from its own chunk) completed: a message posted from a
 * requestAnimationFrame callback, which runs after that frame's style, layout and paint.
 * No server, no storage: dialect and durability do not apply. Each sample runs on a fresh
 * page; the figure is the median. (A second element on the same page is measured too and
 * logged: what is left without one-time work.)
 *
 * Baseline, same run: the same 2,000 titles as plain `<div>` cards in three flex columns
 * that scroll, on a fresh page. Second row, report only: task cards (`part="task"`) in the
 * DOM at the first frame or ten frames later, whichever is more, against the baseline's.
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { bundlePage, openPage } from './page-bundle.js';
import { percentile, type Row } from './report.js';

const TASKS = Number(process.env.PLAZA_BENCH_TASKS ?? 2000);
const SAMPLES = Number(process.env.PLAZA_BENCH_SAMPLES ?? 15);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <style>
      body { margin: 0; font: 14px system-ui, sans-serif; }
      #host { width: 1200px; height: 600px; }
      #host > * { height: 100%; }
      #host > .plain-board { display: flex; gap: 8px; }
      .plain-board > div { flex: 1; overflow: auto; }
      .plain-board > div > div { margin: 4px; padding: 8px; border: 1px solid #ccc; border-radius: 6px; }
    </style>
  </head>
  <body><div id="host"></div></body>
</html>`;

/** What the page entry exposes as `window.PlazaBench`. */
interface PageApi {
  boardFirstFrame(count: number): Promise<{ ms: number; secondMs: number; firstFrameCards: number; settledCards: number; tasks: number }>;
  plainBoardFirstFrame(count: number): Promise<{ ms: number; cards: number }>;
}
interface BenchWindow {
  PlazaBench: PageApi;
}

function freshPage(newPage: () => Promise<Page>, script: string): Promise<Page> {
  return openPage(newPage, PAGE, script);
}

export async function run(): Promise<Row[]> {
  const script = await bundlePage('pages/task-board-render.page.js');
  const browser = await launchChromium();
  const board: number[] = [];
  const second: number[] = [];
  const plain: number[] = [];
  let cardsInDom = 0;
  let plainCards = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const newPage = () => context.newPage();
    // One warm-up page, so the first sample does not pay for Chromium's own start-up.
    await (await freshPage(newPage, script)).close();
    for (let i = 0; i < SAMPLES; i++) {
      // Interleaved, so a burst of load from elsewhere on the machine hits both alike.
      let page = await freshPage(newPage, script);
      const shown = await page.evaluate((count) => (window as unknown as BenchWindow).PlazaBench.boardFirstFrame(count), TASKS);
      await page.close();
      if (shown.tasks !== TASKS) throw new Error(`the store held ${shown.tasks} tasks, not ${TASKS}`);
      if (shown.firstFrameCards === 0) throw new Error('the first frame showed no task cards');
      board.push(shown.ms);
      second.push(shown.secondMs);
      cardsInDom = Math.max(cardsInDom, shown.firstFrameCards, shown.settledCards);

      page = await freshPage(newPage, script);
      const base = await page.evaluate((count) => (window as unknown as BenchWindow).PlazaBench.plainBoardFirstFrame(count), TASKS);
      await page.close();
      plain.push(base.ms);
      plainCards = base.cards;
    }
  } finally {
    await browser.close();
  }
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
  console.log(
    `  task board first frame over ${SAMPLES} fresh pages, ${TASKS} tasks: p50 ${ms(board, 50)}, min ${Math.min(...board).toFixed(1)} ms, max ${Math.max(...board).toFixed(1)} ms;` +
      ` a second board on the same page p50 ${ms(second, 50)}; plain divs p50 ${ms(plain, 50)}, max ${Math.max(...plain).toFixed(1)} ms; ${cardsInDom} cards in the DOM`,
  );
  const count = TASKS.toLocaleString('en');
  return [
    { name: `task board first frame p50, ${count} tasks in 3 columns (baseline: ${count} plain <div> cards in 3 flex columns)`, value: percentile(board, 50), baseline: percentile(plain, 50), unit: 'ms', max: 200 },
    { name: `task cards in the DOM, ${count} tasks (baseline: cards of the plain board)`, value: cardsInDom, baseline: plainCards, unit: 'cards' },
  ];
}
