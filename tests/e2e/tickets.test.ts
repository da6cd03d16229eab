import { createClient, type PlazaClient } from '@plaza/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { XSS_CORPUS } from '../../packages/elements/src/chat/markdown/xss-corpus.js';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { auditShadowDom, deepText } from '../support/shadow-dom.js';
import { demoUserToken } from '../support/tokens.js';

/**
 * Tickets end to end (issue 6): a customer files on the Acme Cloud support site's public
 * form, follows the ticket through its link and rates it; the demo agent Carol works it in
 * the OA portal's inbox; the demo customer Frank uses the signed-in portal. A real demo
 * server, Debian's Chromium; every wait is bounded.
 */

const WAIT = { timeout: 20_000, interval: 100 };
/** The follow-up page loads the ticket again every 15 s while visible. */
const REFRESH_WAIT = { timeout: 35_000, interval: 250 };
const SITE = '/examples/support-site';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

type XssWindow = Window & { __xss?: unknown };

let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  demo = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await demo?.close();
});

/** `bypassCSP`: let inline handlers run, as on a page without the strict policy, so a payload rendered as HTML would fire. */
async function open(path: string, who: string, { bypassCSP = false } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, bypassCSP });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${who}: ${error.message}`));
  page.on('console', (message) => {
    // a strict-CSP violation is reported on the console; it must never happen
    if (/Content Security Policy/i.test(message.text())) errors.push(`${who}: ${message.text()}`);
  });
  await page.goto(`${demo.url}${path}`);
  return page;
}

/** Carol, the demo agent, in the OA portal's inbox. */
async function openInbox(options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const carol = await open('/examples/oa-portal-html/?user=carol#inbox', 'carol', options);
  await vi.waitFor(async () => expect(await carol.locator('plaza-ticket-inbox [part~="ticket"]').count()).toBeGreaterThan(0), WAIT);
  return carol;
}

function inboxRow(page: Page, text: string) {
  return page.locator('plaza-ticket-inbox [part~="ticket"]', { hasText: text });
}

/** Opens a ticket in the inbox and returns its detail. */
async function openInInbox(carol: Page, subject: string) {
  await expect.poll(() => inboxRow(carol, subject).count(), WAIT).toBe(1);
  await inboxRow(carol, subject).click();
  const detail = carol.locator('plaza-ticket-inbox plaza-ticket-detail');
  await expect.poll(() => detail.locator('.subject').textContent(), WAIT).toBe(subject);
  return detail;
}

/** Files a ticket on the support site's contact page; resolves with the follow-up link. */
async function fileOnContactPage(page: Page, ticket: { name: string; subject: string; description: string; server: string; file: { name: string; buffer: Buffer } }): Promise<string> {
  const form = page.locator('plaza-ticket-form');
  await form.locator('#name').waitFor(WAIT);
  await form.locator('#name').fill(ticket.name);
  await form.locator('#email').fill('li.lei@customer.example');
  await form.locator('#category').selectOption('technical');
  await form.locator('#subject').fill(ticket.subject);
  await form.locator('[id="fields.region"]').selectOption('cn-east-1 (Shanghai)');
  await form.locator('[id="fields.server"]').fill(ticket.server);
  await form.locator('#description').fill(ticket.description);
  await form.locator('#files').setInputFiles({ name: ticket.file.name, mimeType: 'image/png', buffer: ticket.file.buffer });
  await form.locator('[part="submit-button"]').click();
  const link = form.locator('[part="success"] a');
  await link.waitFor(WAIT);
  await expect.poll(() => form.locator('[part="success"] li').textContent(), WAIT).toContain('Uploaded');
  const href = await link.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${demo.url}${SITE}/follow\\.html#plaza-ticket=`));
  return href!;
}

/** The id and access token in a follow-up link. */
function followed(href: string): { id: string; token: string } {
  const [id, token] = decodeURIComponent(new URL(href).hash.slice('#plaza-ticket='.length)).split(':');
  return { id: id, token: token };
}

describe('a ticket from the support site’s public form to the agent and back', () => {
  const SUBJECT = 'Cannot connect to web-01 over SSH';
  let carol: Page;
  let customer: Page;
  let link: string;

  beforeAll(async () => {
    carol = await openInbox();
  });

  it('the customer files with an attachment on the contact page; the agent sees it arrive live, with the file and fields', async () => {
    customer = await open(`${SITE}/contact.html`, 'customer');
    link = await fileOnContactPage(customer, {
      name: 'Li Lei',
      subject: SUBJECT,
      description: 'Since 9:00 ssh says “Connection refused”.',
      server: 'srv-7f3a',
      file: { name: 'ssh-error.png', buffer: PNG },
    });
    const detail = await openInInbox(carol, SUBJECT);
    await expect.poll(() => detail.locator('.files a', { hasText: 'ssh-error.png' }).count(), WAIT).toBe(1);
    expect(await detail.locator('.fields').textContent()).toContain('srv-7f3a');
  });

  it('the follow-up link shows the ticket without a sign-in; the agent’s reply and the resolution arrive without a reload', async () => {
    await customer.locator('plaza-ticket-form [part="success"] a').click();
    await customer.waitForURL(/follow\.html#plaza-ticket=/, WAIT);
    const ticket = customer.locator('plaza-customer-portal plaza-portal-ticket');
    await expect.poll(() => ticket.locator('.subject').textContent(), WAIT).toBe(SUBJECT);
    expect(await ticket.locator('.badge').textContent()).toBe('Received');
    await expect.poll(() => ticket.locator('.file-name', { hasText: 'ssh-error.png' }).count(), WAIT).toBe(1);
    expect(await customer.locator('plaza-customer-portal nav').count()).toBe(0);

    const detail = carol.locator('plaza-ticket-inbox plaza-ticket-detail');
    await detail.locator('#reply').fill('The security group blocked port **22**; it is open again.');
    await detail.locator('.then-status').selectOption('resolved');
    await detail.locator('.send').click();
    await expect.poll(() => detail.locator('select[data-field="status"]').inputValue(), WAIT).toBe('resolved');

    await expect.poll(() => ticket.locator('.badge').textContent(), REFRESH_WAIT).toBe('Resolved');
    const reply = ticket.locator('.message--agent');
    expect(await reply.locator('.author').textContent()).toBe('Carol Davis');
    expect(await reply.locator('.md strong').textContent()).toBe('22');
    expect(customer.url()).toBe(link);
  });

  it('the customer rates the resolution; the agent sees the rating', async () => {
    const ticket = customer.locator('plaza-customer-portal plaza-portal-ticket');
    await ticket.locator('input[name="score"][value="5"]').check();
    await ticket.locator('#rate-comment').fill('Fixed within minutes, thanks!');
    await ticket.locator('.rate').click();
    await expect.poll(() => ticket.locator('.rating--done').textContent(), WAIT).toContain('You rated this 5 of 5');
    const detail = carol.locator('plaza-ticket-inbox plaza-ticket-detail');
    await expect.poll(() => detail.locator('.chip', { hasText: 'Customer rating' }).textContent(), WAIT).toBe('Customer rating: 5 of 5');
  });
});

describe('the signed-in customer portal of the demo customer Frank', () => {
  it('files a ticket with a custom field and a file; the agent’s reply and status show live, and the list marks it as news', async () => {
    const carol = await openInbox();
    const frank = await open(`${SITE}/tickets.html`, 'frank');
    const portal = frank.locator('plaza-customer-portal');
    await expect.poll(() => portal.locator('.row').count(), WAIT).toBeGreaterThanOrEqual(2);

    await portal.locator('.tab[data-view="new"]').click();
    const form = portal.locator('plaza-portal-new-ticket');
    await form.locator('#subject').fill('Order 7731: refund the second charge');
    await expect.poll(() => form.locator('.suggestion').first().textContent(), WAIT).toBe('Refund policy');
    await form.locator('#category').selectOption('billing');
    await form.locator('[id="fields.invoice"]').fill('INV-2026-077');
    await form.locator('#description').fill('Order 7731 was charged twice on March 2.');
    await form.locator('input[type="file"]').setInputFiles({ name: 'statement.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => form.locator('.files li[data-status="done"]').count(), WAIT).toBe(1);
    await form.locator('[part="submit-button"]').click();

    const ticket = portal.locator('plaza-portal-ticket');
    await expect.poll(() => ticket.locator('.subject').textContent(), WAIT).toBe('Order 7731: refund the second charge');
    expect(await ticket.locator('.fields').textContent()).toContain('INV-2026-077');

    const detail = await openInInbox(carol, 'Order 7731: refund the second charge');
    // the files list fills in once the ticket's signed links are in: wait for it
    await expect.poll(() => detail.locator('.files a', { hasText: 'statement.png' }).count(), WAIT).toBe(1);
    await detail.locator('#reply').fill('Refunded the second charge; it shows in 3–5 days.');
    await detail.locator('.then-status').selectOption('pending_customer');
    await detail.locator('.send').click();

    // Frank has the ticket open: the reply and the status arrive live.
    await expect.poll(() => ticket.locator('.message--agent').count(), WAIT).toBe(1);
    await expect.poll(() => ticket.locator('.badge').textContent(), WAIT).toBe('Waiting for you');

    // Another reply while Frank is on the list: the ticket is marked and counted.
    await ticket.locator('.back').click();
    await detail.locator('#reply').fill('Please confirm once you see it.');
    await detail.locator('.send').click();
    await expect.poll(() => portal.locator('.tab[data-view="tickets"] .count').textContent(), WAIT).toBe('1');
    expect(await portal.locator('.row--news .subject').textContent()).toBe('Order 7731: refund the second charge');
  });
});

describe('hostile text in every ticket field', () => {
  /** Payloads short enough for a field's limit. */
  const fitting = (max: number) => XSS_CORPUS.filter((p) => p.trim().length <= max && !p.includes('/'));
  /** The corpus in messages no longer than a message may be. */
  function messages(max = 9_000): string[] {
    const out: string[] = [''];
    for (const payload of XSS_CORPUS.filter((p) => p.length < max)) {
      if (out.at(-1)!.length + payload.length + 2 > max) out.push('');
      out[out.length - 1] += `${payload}\n\n`;
    }
    return out;
  }
  let carolClient: PlazaClient;
  let frankClient: PlazaClient;

  beforeAll(async () => {
    carolClient = createClient({ url: demo.url, token: async () => demoUserToken({ sub: 'carol', name: 'Carol Davis', roles: ['agent'] }), outbox: 'memory' });
    frankClient = createClient({ url: demo.url, token: async () => demoUserToken({ sub: 'frank', name: 'Frank Customer', kind: 'customer' }), outbox: 'memory' });
    await Promise.all([carolClient.connect(), frankClient.connect()]);
  });

  afterAll(async () => {
    await carolClient?.close();
    await frankClient?.close();
  });

  const hostile = { bypassCSP: true };

  it('inline handlers do run in these pages (so the checks below can fail)', async () => {
    const page = await open(`${SITE}/follow.html`, 'canary', hostile);
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<img src=x onerror="window.__xss=1">';
      document.body.append(probe);
    });
    await expect.poll(() => page.evaluate(() => (window as XssWindow).__xss), WAIT).toBe(1);
  });

  async function assertInert(page: Page, selector: string): Promise<void> {
    // Give image errors and handlers their chance first.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as XssWindow).__xss)).toBeUndefined();
    expect(await page.evaluate(auditShadowDom, selector)).toEqual([]);
    expect(await page.locator(`${selector} img`).count()).toBe(0);
  }

  it('a followed public ticket: subject, name, description, custom field, file name and the whole corpus in messages stay text for the customer and the agent', async () => {
    const subject = `${fitting(150)[0]} public`;
    const customer = await open(`${SITE}/contact.html`, 'hostile customer', hostile);
    const link = await fileOnContactPage(customer, {
      name: fitting(100)[1],
      subject,
      description: XSS_CORPUS.slice(0, 40).join('\n'),
      server: fitting(64)[2],
      file: { name: `${fitting(80)[3]}.png`, buffer: PNG },
    });
    const { id, token } = followed(link);
    const origin = new URL(demo.url).origin;
    for (const text of messages()) {
      const response = await fetch(`${demo.url}/v1/public/tickets/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(201);
      await carolClient.tickets.agent.reply(id, { text });
    }

    const follow = await open(new URL(link).pathname + new URL(link).hash, 'hostile follow', hostile);
    const ticket = follow.locator('plaza-customer-portal plaza-portal-ticket');
    await expect.poll(() => ticket.locator('.message').count(), WAIT).toBe(1 + 2 * messages().length);
    expect(await ticket.locator('.subject').textContent()).toBe(subject);
    expect(await ticket.locator('.fields dd').allTextContents()).toContain(fitting(64)[2]);
    expect(await follow.evaluate(deepText, 'plaza-customer-portal')).toContain(`${fitting(80)[3]}.png`);
    await assertInert(follow, 'plaza-customer-portal');

    const carol = await openInbox(hostile);
    const detail = await openInInbox(carol, subject);
    await expect.poll(() => detail.locator('.message').count(), WAIT).toBeGreaterThanOrEqual(1 + 2 * messages().length);
    await assertInert(carol, 'plaza-ticket-inbox');
  }, 120_000);

  it('a signed-in customer’s ticket: hostile subject, fields, file name and messages stay text in the portal and the inbox', async () => {
    const subject = `${fitting(150)[4]} signed in`;
    const file = await frankClient.files.upload(new Blob([PNG], { type: 'image/png' }), { name: `${fitting(80)[5]}.png` });
    const created = await frankClient.tickets.customer.create({
      subject,
      description: XSS_CORPUS.slice(40, 80).join('\n'),
      category: 'technical',
      fields: { server: fitting(64)[6] },
      attachments: [file.id],
    });
    for (const text of messages()) {
      await frankClient.tickets.customer.reply(created.id, { text });
      await carolClient.tickets.agent.reply(created.id, { text });
    }

    const frank = await open(`${SITE}/tickets.html`, 'hostile frank', hostile);
    const portal = frank.locator('plaza-customer-portal');
    await expect.poll(() => portal.locator('.row', { hasText: 'signed in' }).count(), WAIT).toBe(1);
    await assertInert(frank, 'plaza-customer-portal');
    await portal.locator('.row', { hasText: 'signed in' }).click();
    const ticket = portal.locator('plaza-portal-ticket');
    await expect.poll(() => ticket.locator('.message').count(), WAIT).toBe(1 + 2 * messages().length);
    expect(await ticket.locator('.subject').textContent()).toBe(subject);
    expect(await ticket.locator('.fields dd').allTextContents()).toEqual([fitting(64)[6]]);
    await expect.poll(() => ticket.locator('a.file-name').count(), WAIT).toBe(1);
    await expect.poll(() => ticket.locator('a.file-name').textContent(), WAIT).toBe(`${fitting(80)[5]}.png`);
    await assertInert(frank, 'plaza-customer-portal');

    const carol = await openInbox(hostile);
    await openInInbox(carol, subject);
    await assertInert(carol, 'plaza-ticket-inbox');
  }, 120_000);
});

describe('the pages', () => {
  it('run under the strict Content-Security-Policy without a page error', () => {
    expect(errors).toEqual([]);
  });
});
