import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

/** The status the connection-status element shows, read from its status part's modifier class. */
function shownStatus(page: Page): Promise<string | undefined> {
  return page
    .locator('plaza-connection-status')
    .first()
    .evaluate((el) => el.shadowRoot?.querySelector('[part~="status"]')?.className.match(/status--(\w+)/)?.[1]);
}

function shownText(page: Page): Promise<string> {
  return page
    .locator('plaza-connection-status')
    .first()
    .evaluate((el) => el.shadowRoot?.textContent ?? '');
}

describe('the OA portal example', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // a strict-CSP violation is reported on the console; it must never happen
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('shows the signed-in demo user as online', async () => {
    await page.goto(`${demo.url}/examples/oa-portal-html/`);
    await expect.poll(() => shownStatus(page), { timeout: 15_000 }).toBe('online');
    expect(await shownText(page)).toContain('张伟');
  });

  it('switches to another demo user', async () => {
    await page.selectOption('#user-select', 'alice');
    await expect.poll(() => shownText(page), { timeout: 15_000 }).toContain('Alice Chen');
    await expect.poll(() => shownStatus(page), { timeout: 15_000 }).toBe('online');
  });

  it('runs under the strict Content-Security-Policy without errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
