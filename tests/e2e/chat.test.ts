import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const CHANNEL = 'Marketing × R&D launch';

/** How many rendered messages contain `text` (locators pierce the open shadow roots). */
function countMessages(page: Page, text: string): Promise<number> {
  return page.locator('[part~="message"]', { hasText: text }).count();
}

describe('chat between two users in two browsers', () => {
  let demo: DemoServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let zhang: Page;
  let alice: Page;
  const errors: string[] = [];

  async function openAs(user: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${user}: ${error.message}`));
    await page.goto(`${demo.url}/examples/oa-portal-html/?user=${user}`);
    await page.locator('[part~="channel-list"]').getByText(CHANNEL).first().click();
    await vi.waitFor(async () => expect(await page.locator('[part~="message"]').count()).toBeGreaterThan(0), { timeout: 15_000, interval: 100 });
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    const input = page.locator('[part~="composer-input"]');
    await input.fill(text);
    await input.press('Enter');
  }

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    zhang = await openAs('zhang.wei');
    alice = await openAs('alice');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await demo?.close();
  });

  it('a message sent by one user appears for the other', async () => {
    const text = `hello from zhang ${Date.now()}`;
    await send(zhang, text);
    await expect.poll(() => countMessages(alice, text), { timeout: 10_000 }).toBe(1);
    expect(await countMessages(zhang, text)).toBe(1);
  });

  it('a message sent while offline is delivered exactly once when the connection returns', async () => {
    const text = `sent offline by alice ${Date.now()}`;
    await contexts[1].setOffline(true);
    await send(alice, text);
    await expect.poll(() => countMessages(alice, text), { timeout: 5_000 }).toBe(1);
    // still unsent: the page shows it as pending while the browser is offline
    expect(await alice.locator('[part~="message"]', { hasText: text }).getAttribute('data-state')).toMatch(/pending|sending/);
    await expect.poll(() => alice.locator('.banner--offline').count(), { timeout: 10_000 }).toBe(1);
    expect(await countMessages(zhang, text)).toBe(0);
    await contexts[1].setOffline(false);
    await expect.poll(() => countMessages(zhang, text), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => alice.locator('[part~="message"]', { hasText: text }).getAttribute('data-state'), { timeout: 30_000 }).not.toBe('pending');
    expect(await countMessages(alice, text)).toBe(1);
  });

  it('renders message text as text, never as markup', async () => {
    const payload = `<img src=x onerror="window.__xss=1"> **bold** [x](javascript:window.__xss=2)`;
    await send(zhang, payload);
    await expect.poll(() => countMessages(alice, 'bold'), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await alice.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await zhang.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('raises no page errors', () => {
    expect(errors).toEqual([]);
  });
});
