import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

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
    const status = page.locator('plaza-connection-status');
    await expect.poll(() => status.getAttribute('status'), { timeout: 15_000 }).toBe('online');
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).not.toBe('');
    const shown = await status.evaluate((el) => el.shadowRoot?.textContent ?? '');
    expect(shown).toContain('张伟');
  });

  it('switches to another demo user', async () => {
    await page.selectOption('#user-switcher', 'alice');
    const status = page.locator('plaza-connection-status');
    await expect.poll(() => status.evaluate((el) => el.shadowRoot?.textContent ?? ''), { timeout: 15_000 }).toContain('Alice Chen');
    await expect.poll(() => status.getAttribute('status'), { timeout: 15_000 }).toBe('online');
  });

  it('runs under the strict Content-Security-Policy without errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
