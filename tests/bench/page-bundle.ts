/**
 * Browser entries for the benchmarks that run in Chromium: `pages/*.page.js` bundled by
 * vite into one minified classic script (a production build, workspace packages from
 * their TypeScript sources) that exposes the entry's exports as `window.PlazaBench`.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build, defaultClientConditions, type Rolldown } from 'vite';
import { benchDir } from './children.js';

const root = path.resolve(benchDir, '../..');

/** The script of `tests/bench/<entry>`, ready for `page.addScriptTag({ content })`. */
export async function bundlePage(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    resolve: { conditions: ['plaza-source', ...defaultClientConditions] },
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(benchDir, entry), formats: ['iife'], name: 'PlazaBench' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk) throw new Error(`vite produced no script for ${entry}`);
  return chunk.code;
}

/** A fresh page with `html` as its document and the bundled `script` run on it; page errors are printed. */
export async function openPage(newPage: () => Promise<Page>, html: string, script: string): Promise<Page> {
  const page = await newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  await page.setContent(html);
  await page.addScriptTag({ content: script });
  return page;
}
