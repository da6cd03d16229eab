import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

/** A card of the board in a status column (locators pierce the open shadow roots). */
function card(page: Page, status: string, title: string) {
  return page.locator(`plaza-task-list .column[data-status="${status}"] [part~="task"]`, { hasText: title });
}

const GROUP = 'Marketing × R&D launch';
const WAIT = { timeout: 15_000, interval: 100 };

/** Opens a channel in the page's chat panel and waits until its messages have loaded. */
async function openChannel(page: Page, name: string): Promise<void> {
  const option = page.locator('[part~="channel-list"] [role="option"]').filter({ has: page.locator('.name', { hasText: name }) });
  await vi.waitFor(async () => expect(await option.count()).toBe(1), WAIT);
  await option.click();
  await vi.waitFor(async () => expect(await option.getAttribute('aria-selected')).toBe('true'), WAIT);
  await vi.waitFor(async () => expect(await page.locator('[part~="message"]').count()).toBeGreaterThan(0), WAIT);
}

/** The message rows of the chat panel that contain `text`. */
function messages(page: Page, text: string): Locator {
  return page.locator('plaza-chat-panel [part~="message"]', { hasText: text });
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

  it('a task made from a chat message posts its link, which opens the task for the other user; the task links back', async () => {
    const act = { timeout: 10_000 };
    const poll = { timeout: 10_000 };
    /** An input's value, or null while it is not there (no auto-waiting inside a poll). */
    const valueOf = async (input: Locator) => ((await input.count()) === 1 ? input.inputValue(act) : null);

    // Alice makes a task of Bob's message and gives it to 李娜 (li.na, the list's owner).
    await openChannel(editor, GROUP);
    await openChannel(owner, GROUP);
    const source = messages(editor, 'the screenshots need the new');
    await vi.waitFor(async () => expect(await source.count()).toBe(1), WAIT);
    const sourceId = await source.getAttribute('data-key', act);
    await editor.evaluate(() => {
      const created: unknown[] = [];
      (window as unknown as { created: unknown[] }).created = created;
      document.addEventListener('plaza-task-created', (event) => created.push((event as CustomEvent).detail.task));
    });
    await source.hover(act);
    await source.getByRole('button', { name: 'Message actions' }).click(act);
    await source.getByRole('menuitem', { name: 'Create task' }).click(act);

    const dialog = editor.getByRole('dialog', { name: 'Create task' });
    const title = dialog.getByRole('textbox', { name: 'Title' });
    await expect.poll(() => valueOf(title), poll).toBe('Reminder: the screenshots need the new dark theme.');
    const name = `Dark-theme screenshots ${Date.now()}`;
    await title.fill(name, act);
    const list = dialog.getByRole('combobox', { name: 'List' });
    await expect.poll(() => list.locator('option').allTextContents(), poll).toContain('Q3 发布 · Q3 launch');
    await list.selectOption({ label: 'Q3 发布 · Q3 launch' }, act);
    await dialog.getByRole('combobox', { name: /Assignee/ }).selectOption({ label: '李娜' }, act);
    await dialog.getByRole('button', { name: 'Create' }).click(act);
    await expect.poll(() => dialog.count(), poll).toBe(0);
    const [task] = await editor.evaluate(() => (window as unknown as { created: { id: string; title: string; source: unknown }[] }).created);
    expect(task).toMatchObject({ title: name, source: { messageId: sourceId } });

    // 李娜's chat shows the posted link; clicking it opens the task in the task list beside the chat.
    const posted = messages(owner, `📋 ${name}`);
    await expect.poll(() => posted.count(), poll).toBe(1);
    expect(await posted.locator('.body').textContent(act)).not.toContain('plaza:task/');
    await posted.getByRole('button', { name: 'Open task' }).click(act);
    const drawer = owner.locator('plaza-task-list plaza-task-detail');
    await expect.poll(() => valueOf(drawer.locator('input.title')), poll).toBe(name);
    // The task's card is on the board too, and the drawer links back: the chat brings the message into view and focuses it.
    await expect.poll(() => card(owner, 'todo', name).count(), poll).toBe(1);
    await drawer.getByRole('link', { name: 'From a chat message' }).click(act);
    const focusedRow = () =>
      owner.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.closest('[part~="message"]')?.getAttribute('data-key') ?? active?.getAttribute('data-key') ?? null;
      });
    await expect.poll(focusedRow, poll).toBe(sourceId);
  });

  it('raises no page errors', () => {
    expect(errors).toEqual([]);
  });
});
