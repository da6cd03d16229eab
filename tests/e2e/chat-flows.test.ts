import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createClient, type PlazaClient } from '@plaza/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { XSS_CORPUS } from '../../packages/elements/src/chat/markdown/xss-corpus.js';
import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { auditShadowDom, deepText } from '../support/shadow-dom.js';
import { demoUserToken } from '../support/tokens.js';

/**
 * End-to-end chat flows (issue 3, Tests): two demo users in two browser contexts against
 * a real demo server. Every wait is bounded (expect.poll / vi.waitFor with timeouts).
 */

const GROUP = 'Marketing × R&D launch';
const PANEL = 'plaza-chat-panel';
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type XssWindow = Window & { __xss?: unknown; __xssCanary?: unknown };

let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** Two users' pages, with their page errors collected. */
class Session {
  readonly contexts: BrowserContext[] = [];
  readonly errors: string[] = [];

  constructor(private readonly options: { bypassCSP?: boolean } = {}) {}

  async open(user: string, channel: string): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: this.options.bypassCSP ?? false, viewport: { width: 1280, height: 1400 } });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.errors.push(`${user}: ${error.message}`));
    await page.goto(`${demo.url}/examples/oa-portal-html/?user=${user}`);
    await openChannel(page, channel);
    return page;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
  }
}

/** The channel list's entry whose name contains `name`. */
function channelOption(page: Page, name: string): Locator {
  return page.locator('[part~="channel-list"] [role="option"]').filter({ has: page.locator('.name', { hasText: name }) });
}

/** Selects a channel and waits until it is selected and its messages have loaded. */
async function openChannel(page: Page, name: string): Promise<void> {
  const option = channelOption(page, name);
  await vi.waitFor(async () => expect(await option.count()).toBe(1), { timeout: 15_000, interval: 100 });
  await option.click();
  await vi.waitFor(async () => expect(await option.getAttribute('aria-selected')).toBe('true'), { timeout: 10_000, interval: 100 });
  await vi.waitFor(async () => expect(await page.locator('[part~="message"]').count()).toBeGreaterThan(0), {
    timeout: 15_000,
    interval: 100,
  });
}

function rows(page: Page, text: string): Locator {
  return page.locator('[part~="message"]', { hasText: text });
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('[part~="composer-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Sends `text` and waits until the server stored it; returns the message id (the row's key). */
async function sendAndSettle(page: Page, text: string): Promise<string> {
  await send(page, text);
  await expect.poll(() => rows(page, text).count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => rows(page, text).getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
  const id = await rows(page, text).getAttribute('data-key');
  expect(id).toBeTruthy();
  return id!;
}

/**
 * Whether every message in `ids` has a row; clicks "Jump to latest" when the list is not
 * following the live end (it opens at the first unread and stays there).
 */
async function renderedAll(page: Page, ids: readonly string[]): Promise<boolean> {
  const jump = page.locator(`${PANEL} button.jump`);
  if ((await jump.count()) > 0) await jump.click({ timeout: 2_000 }).catch(() => undefined);
  for (const id of ids) if ((await row(page, id).count()) !== 1) return false;
  return true;
}

function row(page: Page, id: string): Locator {
  return page.locator(`[part~="message"][data-key="${id}"]`);
}

async function receiptLabel(page: Page, id: string): Promise<string | null> {
  const receipts = row(page, id).locator('.receipts button');
  return (await receipts.count()) === 0 ? null : (await receipts.textContent())?.trim() ?? null;
}

describe('chat flows between two users in two browsers', () => {
  const session = new Session();
  let zhang: Page;
  let alice: Page;

  beforeAll(async () => {
    zhang = await session.open('zhang.wei', GROUP);
    alice = await session.open('alice', GROUP);
  });

  afterAll(() => session.close());

  it('a direct message shows "Read" live once the other user opens the conversation', async () => {
    await openChannel(zhang, 'Alice Chen');
    const text = `dm receipt check ${Date.now()}`;
    const id = await sendAndSettle(zhang, text);
    // Alice is looking at another channel: the DM counts it as unread, zhang sees no receipt.
    await expect.poll(() => channelOption(alice, '张伟').locator('.badge').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await receiptLabel(zhang, id)).toBeNull();
    expect(await rows(alice, text).count()).toBe(0);

    await openChannel(alice, '张伟');
    await expect.poll(() => rows(alice, text).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => receiptLabel(zhang, id), { timeout: 10_000 }).toBe('Read');
  });

  it('a group message counts its readers live ("Read by N of M")', async () => {
    await openChannel(zhang, GROUP);
    await openChannel(alice, '张伟');
    const text = `group receipt check ${Date.now()}`;
    const id = await sendAndSettle(zhang, text);
    // None of the other members is looking at the channel.
    await expect.poll(() => receiptLabel(zhang, id), { timeout: 10_000 }).toMatch(/^Read by 0 of \d+$/);
    const others = Number((await receiptLabel(zhang, id))!.match(/of (\d+)$/)![1]);
    expect(others).toBeGreaterThanOrEqual(5);
    await openChannel(alice, GROUP);
    await expect.poll(() => receiptLabel(zhang, id), { timeout: 10_000 }).toBe(`Read by 1 of ${others}`);
  });

  it('a recalled message shows the placeholder in both views and its text leaves the other DOM', async () => {
    await openChannel(zhang, GROUP);
    await openChannel(alice, GROUP);
    const text = `to be recalled ${Date.now()}`;
    const id = await sendAndSettle(zhang, text);
    await expect.poll(() => rows(alice, text).count(), { timeout: 10_000 }).toBe(1);

    const mine = row(zhang, id);
    await mine.hover();
    await mine.getByRole('button', { name: 'Message actions' }).click();
    await mine.getByRole('menuitem', { name: 'Recall' }).click();

    await expect.poll(() => row(zhang, id).locator('.body').textContent(), { timeout: 10_000 }).toContain('Message recalled');
    await expect.poll(() => row(alice, id).locator('.body').textContent(), { timeout: 10_000 }).toContain('Message recalled');
    expect(await alice.evaluate(deepText, PANEL)).not.toContain(text);
    expect(await zhang.evaluate(deepText, PANEL)).not.toContain(text);
    expect(await row(alice, id).locator('.error').count()).toBe(0);
  });

  it('a file attached through the composer reaches the other user byte for byte', async () => {
    await openChannel(zhang, 'Alice Chen');
    await openChannel(alice, '张伟');
    const name = `pixel-${Date.now()}.png`;
    const fileInput = zhang.locator(`${PANEL} input[type="file"]`);
    expect(await fileInput.count()).toBe(1);
    await fileInput.setInputFiles({ name, mimeType: 'image/png', buffer: PNG });
    const sendButton = zhang.locator('[part~="send-button"]');
    await expect.poll(() => sendButton.isEnabled(), { timeout: 10_000 }).toBe(true);
    await sendButton.click();

    const image = alice.locator(`[part~="message"] .attachments img[alt="${name}"]`);
    await expect.poll(() => image.count(), { timeout: 15_000 }).toBe(1);
    const src = await image.getAttribute('src');
    expect(src).toBeTruthy();
    const response = await fetch(new URL(src!, demo.url));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);

    // The same file through alice's own client (`client.files.get`), as the download button does.
    const message = alice.locator('[part~="message"]').filter({ has: alice.locator(`.attachments img[alt="${name}"]`) });
    const url = await message.evaluate(async (element) => {
      const item = element as HTMLElement & { message?: { attachments: Array<{ id: string }> } };
      const provider = document.querySelector('plaza-provider') as unknown as {
        client: { files: { get(id: string): Promise<{ url: string }> } };
      };
      return (await provider.client.files.get(item.message!.attachments[0].id)).url;
    });
    const again = await fetch(new URL(url, demo.url));
    expect(Buffer.from(await again.arrayBuffer()).equals(PNG)).toBe(true);
    // And zhang's own view shows the sent image too.
    await expect.poll(() => zhang.locator(`[part~="message"] .attachments img[alt="${name}"]`).count(), { timeout: 10_000 }).toBe(1);
  });

  it('raises no page errors', () => {
    expect(session.errors).toEqual([]);
  });
});

describe('XSS corpus through the real server', () => {
  // Content-Security-Policy is bypassed here: the demo page's strict CSP would block inline
  // handlers anyway, and this test is about the renderer, not about the CSP.
  const session = new Session({ bypassCSP: true });
  const NAME_PAYLOAD = '<img src=x onerror=window.__xss=1>';
  const CHANNEL_NAME = 'XSS lab "><svg onload=window.__xss=1>';
  const FILE_NAMES = ["'><img src=x onerror=window.__xss=1>.txt", '<svg onload=window.__xss=1>.png'];
  const XSS_USER = 'xss.mallory';
  let mallory: PlazaClient;
  let channelId: string;
  let zhang: Page;
  let alice: Page;

  const token = (): string => demoUserToken({ sub: XSS_USER, name: NAME_PAYLOAD });

  beforeAll(async () => {
    mallory = createClient({ url: demo.url, token: async () => token(), outbox: 'memory', reconnection: false });
    await mallory.connect();
    const channel = await mallory.chat.createChannel({ kind: 'group', name: CHANNEL_NAME, members: ['zhang.wei', 'alice'] });
    channelId = channel.id;
    const dm = await mallory.chat.createChannel({ kind: 'dm', members: ['alice'] });
    await mallory.chat.channel(dm.id).send({ text: '<script>window.__xss=1</script> hi from your DM' });
    await mallory.chat.channel(channelId).send({ text: 'welcome to the lab' });

    zhang = await session.open('zhang.wei', 'XSS lab');
    alice = await session.open('alice', 'XSS lab');
  });

  afterAll(async () => {
    await mallory?.close();
    await session.close();
  });

  it('inline handlers do run in these pages (so the checks below can fail)', async () => {
    await alice.evaluate(() => {
      const probe = document.createElement('div');
      probe.innerHTML = '<img src=x onerror="window.__xssCanary=1">';
      document.body.append(probe);
    });
    await expect.poll(() => alice.evaluate(() => (window as XssWindow).__xssCanary), { timeout: 5_000 }).toBe(1);
    await alice.evaluate(() => {
      // The audit itself must notice such markup inside a shadow root.
      const host = document.createElement('plaza-audit-probe');
      host.attachShadow({ mode: 'open' }).innerHTML = '<a href="javascript:void 0">x</a><b onclick="1">y</b><script></script>';
      document.body.append(host);
    });
    const probe = await alice.evaluate(auditShadowDom, 'plaza-audit-probe');
    expect(probe).toHaveLength(3);
    await alice.evaluate(() => document.querySelector('plaza-audit-probe')?.remove());
  });

  it(`sends all ${XSS_CORPUS.length} corpus payloads as messages; none executes in either browser`, async () => {
    const handle = mallory.chat.channel(channelId);
    // One at a time, each rendered by both pages before the next: the list only renders the
    // rows near its viewport, and some payloads are long enough to fill it.
    const BATCH = 1;
    for (let start = 0; start < XSS_CORPUS.length; start += BATCH) {
      const ids: string[] = [];
      for (const text of XSS_CORPUS.slice(start, start + BATCH)) ids.push((await handle.send({ text })).id);
      for (const page of [zhang, alice]) {
        await expect.poll(() => renderedAll(page, ids), { timeout: 15_000, message: `corpus #${start} rendered` }).toBe(true);
      }
      for (const page of [zhang, alice]) {
        expect(await page.evaluate(() => (window as XssWindow).__xss)).toBeUndefined();
        expect(await page.evaluate(auditShadowDom, PANEL)).toEqual([]);
      }
    }
  }, 180_000);

  it('a display name, a channel name and file names carrying payloads stay text', async () => {
    const uploaded: string[] = [];
    for (const [index, name] of FILE_NAMES.entries()) {
      const form = new FormData();
      const body = index === 0 ? new Blob(['plain text\n'], { type: 'text/plain' }) : new Blob([PNG], { type: 'image/png' });
      form.append('file', body, name);
      const response = await fetch(`${demo.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token()}` }, body: form });
      expect(response.status).toBe(201);
      const info = (await response.json()) as { id: string; name: string };
      expect(info.name).toBe(name);
      uploaded.push(info.id);
    }
    const message = await mallory.chat.channel(channelId).send({ text: 'files attached', attachments: uploaded });
    for (const page of [zhang, alice]) {
      await expect.poll(() => row(page, message.id).locator('.attachments > *').count(), { timeout: 15_000 }).toBe(2);
      await expect.poll(() => row(page, message.id).locator('.attachments img').count(), { timeout: 15_000 }).toBe(1);
      const text = await page.evaluate(deepText, PANEL);
      // Rendered, as text: the author's name, the channel's name and the text file's name.
      expect(text).toContain(NAME_PAYLOAD);
      expect(text).toContain(CHANNEL_NAME);
      expect(text).toContain(FILE_NAMES[0]);
      expect(await row(page, message.id).locator('.attachments img').getAttribute('alt')).toBe(FILE_NAMES[1]);
    }
    // Alice's DM with the hostile user: its name in the channel list is the payload.
    await openChannel(alice, NAME_PAYLOAD);
    await expect.poll(() => rows(alice, 'hi from your DM').count(), { timeout: 10_000 }).toBe(1);
    for (const page of [zhang, alice]) {
      expect(await page.evaluate(() => (window as XssWindow).__xss)).toBeUndefined();
      expect(await page.evaluate(auditShadowDom, PANEL)).toEqual([]);
    }
  });

  it('raises no page errors', () => {
    expect(session.errors).toEqual([]);
  });
});
