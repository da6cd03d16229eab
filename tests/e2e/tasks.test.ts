import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

/** A card of the board in a status column (locators pierce the open shadow roots). */
function card(page: Page, status: string, title: string) {
  return page.locator(`plaza-task-list .column[data-status="${status}"] [part~="task"]`, { hasText: title });
}

describe('a task board shared by two users in two browsers', () => {
  let demo: DemoServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let editor: Page;
  const errors: string[] = [];

  async function openAs(user: string, list?: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${user}: ${error.message}`));
    await page.goto(`${demo.url}/examples/oa-portal-html/?user=${user}${list ? `&tasks=${list}` : ''}#tasks`);
    await vi.waitFor(async () => expect(await page.locator('plaza-task-list [part~="task"]').count()).toBeGreaterThan(0), { timeout: 20_000, interval: 100 });
    return page;
  }

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    owner = await openAs('li.na');
    const list = await owner.evaluate(() => document.querySelector('plaza-task-list')!.getAttribute('list'));
    expect(list).toBeTruthy();
    editor = await openAs('alice', list!);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await demo?.close();
  });

  it('a card one user drags to another column moves on the other user board', async () => {
    const title = 'Release candidate build';
    await expect.poll(() => card(editor, 'todo', title).count(), { timeout: 10_000 }).toBe(1);
    const from = (await card(owner, 'todo', title).boundingBox())!;
    const to = (await owner.locator('plaza-task-list .column[data-status="in_progress"]').boundingBox())!;
    await owner.mouse.move(from.x + 20, from.y + 10);
    await owner.mouse.down();
    await owner.mouse.move(from.x + 40, from.y + 20, { steps: 4 });
    await owner.mouse.move(to.x + 40, to.y + to.height - 20, { steps: 8 });
    await owner.mouse.up();

    await expect.poll(() => card(owner, 'in_progress', title).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => card(editor, 'in_progress', title).count(), { timeout: 10_000 }).toBe(1);
    expect(await card(editor, 'todo', title).count()).toBe(0);
  });

  it('a card moved with the keyboard keeps its place in the column for the other user', async () => {
    const title = 'Feature freeze';
    const moving = card(editor, 'todo', title);
    await moving.focus();
    await editor.keyboard.press('Space');
    await editor.keyboard.press('ArrowDown');
    await editor.keyboard.press('Space');
    const order = (page: Page) =>
      page.locator('plaza-task-list .column[data-status="todo"] .card-title').allTextContents();
    await expect.poll(async () => (await order(editor)).indexOf(title), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => order(owner), { timeout: 10_000 }).toEqual(await order(editor));
  });

  it('raises no page errors', () => {
    expect(errors).toEqual([]);
  });
});
