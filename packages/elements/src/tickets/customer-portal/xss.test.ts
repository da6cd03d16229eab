// Hostile text in every field a customer, an agent or an article writer controls: the
// portal shows it as text and nothing runs.
import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import type { Article, PublicTicketDetail } from '@plaza/protocol';
import { XSS_CORPUS } from '../../chat/markdown/xss-corpus.js';
import { FakePortalClient, portalForm } from '../../test-support/fake-portal.js';
import { mountPortal, partOf, rowSubjects, shadow, textOf } from '../../test-support/portal-dom.js';
import { FakeTicketServer } from '../test-support/fake-ticket-server.js';
import './customer-portal.js';

type XssWindow = Window & { __xss?: unknown };
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FORBIDDEN = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'STYLE', 'LINK', 'META', 'BASE', 'FORM', 'MATH', 'VIDEO', 'AUDIO']);

/** Every element under a shadow root, and under the shadow roots inside it. */
function everyElement(root: ShadowRoot): Element[] {
  const all: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    all.push(el);
    if (el.shadowRoot) all.push(...everyElement(el.shadowRoot));
  }
  return all;
}

/** No element or attribute user text could have made: no scripts, frames or images, no handlers, no script URLs. */
function assertInert(root: ShadowRoot, where: string): void {
  for (const el of everyElement(root)) {
    // The portal's own parts (a form for the reply, the rating) are forms from its templates; only user text is checked here.
    if (FORBIDDEN.has(el.tagName) && !(el.tagName === 'FORM' && !el.closest('.md'))) assert.fail(`<${el.tagName.toLowerCase()}> in ${where}`);
    for (const attribute of el.attributes) {
      assert.isFalse(attribute.name.startsWith('on'), `${attribute.name} on <${el.tagName.toLowerCase()}> in ${where}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name)) assert.notMatch(attribute.value.trim(), /^(javascript|data|vbscript):/i, where);
    }
  }
}

/** Give image errors, hover handlers and timers their chance, then check nothing ran. */
async function assertNothingRan(root: ShadowRoot): Promise<void> {
  for (const el of everyElement(root)) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
  await tick(200);
  assert.isUndefined((window as XssWindow).__xss);
}

describe('<plaza-customer-portal> with hostile text', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => delete (window as XssWindow).__xss);

  it('shows hostile subjects, descriptions, messages, file names and custom fields as text', async () => {
    const fake = new FakePortalClient();
    const { server } = fake;
    server.push = false;
    const ids = XSS_CORPUS.map((payload, i) => server.add({ subject: payload, createdAt: new Date(Date.now() - i * 1000).toISOString() }).id);
    const payload = XSS_CORPUS[6];
    const target = server.add({
      subject: `${payload} subject`,
      description: `${payload} description`,
      category: 'billing',
      fields: { invoice: `${payload} field`, plan: XSS_CORPUS[0] },
      attachments: XSS_CORPUS.slice(0, 10).map((name, i) => ({ id: `f${i}`, name, size: 10, type: 'text/html' })),
      messages: XSS_CORPUS.map((text, i) => ({ by: i % 2 ? ('agent' as const) : ('customer' as const), text, name: XSS_CORPUS[(i + 1) % XSS_CORPUS.length] })),
    });
    server.push = true;

    const el = await mountPortal(fake);
    assert.strictEqual(rowSubjects(el).length, ids.length + 1);
    assert.include(rowSubjects(el), XSS_CORPUS[0].replace(/\s+/g, ' ').trim(), 'a subject shows as the text it is');
    assertInert(shadow(el), 'the ticket list');

    el.openTicket(target.id);
    const part = await partOf(el, 'plaza-portal-ticket');
    await waitUntil(() => part.querySelectorAll('.message').length === XSS_CORPUS.length + 1, 'the conversation did not load');
    assert.strictEqual(part.querySelector('.subject')!.textContent, `${payload} subject`);
    assert.deepEqual(
      [...part.querySelectorAll('.fields dd')].map((dd) => dd.textContent),
      [`${payload} field`, XSS_CORPUS[0]],
    );
    await waitUntil(() => part.querySelectorAll('a.file-name').length === 10, 'the file links did not come');
    assert.deepEqual(
      [...part.querySelectorAll('.message[data-id="description"] .file-name')].map((a) => a.textContent.trim()),
      XSS_CORPUS.slice(0, 10).map((name) => name.trim()),
    );
    assertInert(part, 'the conversation');
    await assertNothingRan(shadow(el));
  });

  it('renders hostile article titles, excerpts and bodies as text and safe Markdown', async () => {
    const fake = new FakePortalClient();
    const articles: Article[] = XSS_CORPUS.map((payload) => fake.articles.add({ title: payload, body: `${payload}\n\n**${payload}**` }));
    const whole = fake.articles.add({ title: 'Everything', body: XSS_CORPUS.join('\n\n') });
    const el = await mountPortal(fake, 'articles');
    await waitUntil(() => shadow(el).querySelectorAll('.row').length === 20, 'the articles did not load');
    assert.include(rowSubjects(el), articles.at(-1)!.title.replace(/\s+/g, ' ').trim(), 'a title shows as the text it is');
    assertInert(shadow(el), 'the article list');

    el.openArticle(whole.id);
    const part = await partOf(el, 'plaza-portal-article');
    await waitUntil(() => textOf(part.querySelector('.title')) === 'Everything', 'the article did not load');
    assertInert(part, 'the article');
    for (const payload of XSS_CORPUS.slice(0, 20)) assert.isAbove(textOf(part.querySelector('.md')).length, 0, payload);
    await assertNothingRan(shadow(el));
  });

  it('shows a followed ticket’s hostile text as text too', async () => {
    const server = new FakeTicketServer().install();
    server.form = portalForm();
    const id = '0190c2a0-1111-7000-8000-000000000001';
    const token = 'acme.' + 'T'.repeat(43);
    const at = new Date().toISOString();
    const detail: PublicTicketDetail = {
      ticket: { id, subject: XSS_CORPUS[1], description: XSS_CORPUS[2], category: 'billing', status: 'open', fields: { invoice: XSS_CORPUS[3] }, attachments: [{ id: 'f1', name: XSS_CORPUS[4], size: 1, type: 'text/html' }], createdAt: at, updatedAt: at, resolvedAt: null, closedAt: null, reopenUntil: null, rating: null, messageCount: XSS_CORPUS.length },
      messages: XSS_CORPUS.map((text, i) => ({ id: `m${i}`, ticketId: id, author: { kind: 'agent', name: text }, text, attachments: [], createdAt: at })),
      files: [{ id: 'f1', name: XSS_CORPUS[4], size: 1, type: 'text/html', uploadedBy: '#ticket', createdAt: at, url: '/v1/files/f1/content', urlExpiresAt: new Date(Date.now() + 300_000).toISOString() }],
    };
    server.followed = { detail, accessToken: token };
    history.replaceState(null, '', `#plaza-ticket=${id}:${encodeURIComponent(token)}`);
    try {
      const container = await fixture<HTMLElement>(html`<div><plaza-customer-portal url="https://plaza.test"></plaza-customer-portal></div>`);
      const el = container.querySelector('plaza-customer-portal')!;
      const part = await partOf(el, 'plaza-portal-ticket');
      await waitUntil(() => part.querySelectorAll('.message').length === XSS_CORPUS.length + 1, 'the ticket did not load');
      assert.strictEqual(part.querySelector('.subject')!.textContent, XSS_CORPUS[1]);
      await waitUntil(() => part.querySelector('a.file-name'), 'the file has no link');
      assert.include(part.querySelector('a.file-name')!.textContent, XSS_CORPUS[4].trim());
      assertInert(part, 'the followed ticket');
      await assertNothingRan(shadow(el));
    } finally {
      server.uninstall();
      history.replaceState(null, '', location.pathname + location.search);
    }
  });
});
