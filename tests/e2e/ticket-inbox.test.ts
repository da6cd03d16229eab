import { createClient, type PlazaClient } from '@plaza/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { demoUserToken } from '../support/tokens.js';

const WAIT = { timeout: 20_000, interval: 100 };
const HOSTILE = 'Printer <img src=x onerror="window.__xss=1"> on fire';

/** A row of the inbox's ticket list (locators pierce the open shadow roots). */
function row(page: Page, text: string) {
  return page.locator('plaza-ticket-inbox [part~="ticket"]', { hasText: text });
}

describe('the ticket inbox in the OA portal, with a customer on the SDK', () => {
  let demo: DemoServer;
  let browser: Browser;
  let carol: Page;
  let frank: PlazaClient;
  const errors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    carol = await context.newPage();
    carol.on('pageerror', (error) => errors.push(error.message));
    carol.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    await carol.goto(`${demo.url}/examples/oa-portal-html/?user=carol#inbox`);
    await vi.waitFor(async () => expect(await carol.locator('plaza-ticket-inbox [part~="ticket"]').count()).toBeGreaterThan(0), WAIT);
    frank = createClient({ url: demo.url, token: async () => demoUserToken({ sub: 'frank', name: 'Frank Customer', kind: 'customer' }), outbox: 'memory' });
    await frank.connect();
  });

  afterAll(async () => {
    await frank?.close();
    await browser?.close();
    await demo?.close();
  });

  it('shows the demo queues with a breached ticket marked', async () => {
    const breached = row(carol, '数据导出一直失败');
    await expect.poll(() => breached.getAttribute('data-sla'), WAIT).toBe('breached');
    expect(await breached.locator('.sla').textContent()).toBe('SLA breached');
  });

  it('a ticket the customer files arrives live, its hostile subject shown as text', async () => {
    const ticket = await frank.tickets.customer.create({ subject: HOSTILE, description: 'Smoke from the paper tray.', category: 'technical' });
    await expect.poll(() => row(carol, 'on fire').count(), WAIT).toBe(1);
    expect(await row(carol, 'on fire').locator('.subject').textContent()).toBe(HOSTILE);
    expect(await carol.locator('plaza-ticket-inbox img').count()).toBe(0);

    // Carol opens it, leaves an internal note, then answers the customer.
    await row(carol, 'on fire').click();
    const detail = carol.locator('plaza-ticket-inbox plaza-ticket-detail');
    await expect.poll(() => detail.locator('.subject').textContent(), WAIT).toBe(HOSTILE);
    await detail.locator('.internal-switch').check();
    await detail.locator('#reply').fill('Third time this month: order a new printer.');
    await detail.locator('.send').click();
    await expect.poll(() => detail.locator('.message--internal').count(), WAIT).toBe(1);
    await detail.locator('.internal-switch').uncheck();
    await detail.locator('#reply').fill('Please unplug it; a technician is on the way.');
    await detail.locator('.then-status').selectOption('pending_customer');
    await detail.locator('.send').click();
    await expect.poll(() => detail.locator('select[data-field="status"]').inputValue(), WAIT).toBe('pending_customer');

    // The customer sees the reply and the status, never the note.
    const view = frank.tickets.customer.view(ticket.id);
    await vi.waitFor(() => expect(view.messages.get().map((m) => m.text)).toEqual(['Please unplug it; a technician is on the way.']), WAIT);
    expect(view.ticket.get()?.status).toBe('pending_customer');
    expect(JSON.stringify(view.messages.get())).not.toContain('printer.');
    view.close();
  });

  it('runs under the strict Content-Security-Policy, and no payload ran', async () => {
    expect(await carol.evaluate(() => (window as Window & { __xss?: unknown }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
