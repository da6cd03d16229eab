import { assert, expect, fixture, html } from '@open-wc/testing';
import { createClient } from '@plaza/sdk';
import { FakeClient, demoSession } from '../../test-support/fake-client.js';
import './connection-status.js';
import type { PlazaConnectionStatus } from './connection-status.js';
import { initialsOf } from '../shared/initials.js';

function textOf(el: PlazaConnectionStatus, part: string): string | undefined {
  return el.shadowRoot!.querySelector(`[part="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
}

describe('<plaza-connection-status>', () => {
  it('is accessible when signed in', async () => {
    const fake = new FakeClient();
    fake.signIn(demoSession('zhang.wei', '张伟'));
    const el = await fixture<PlazaConnectionStatus>(
      html`<plaza-connection-status .client=${fake.client}></plaza-connection-status>`,
    );
    await expect(el).to.be.accessible();
  });

  it('is accessible without a client', async () => {
    const el = await fixture<PlazaConnectionStatus>(html`<plaza-connection-status></plaza-connection-status>`);
    await expect(el).to.be.accessible();
  });

  it('shows Offline and no user by default, in a status live region', async () => {
    const el = await fixture<PlazaConnectionStatus>(html`<plaza-connection-status></plaza-connection-status>`);
    assert.strictEqual(el.client, undefined);
    assert.exists(el.shadowRoot!.querySelector('[role="status"]'));
    assert.strictEqual(textOf(el, 'status'), 'Offline');
    assert.strictEqual(textOf(el, 'name'), undefined);
    assert.strictEqual(textOf(el, 'avatar'), undefined);
  });

  it('uses a .client property without a provider', async () => {
    const fake = new FakeClient();
    fake.signIn(demoSession('alice', 'Alice Chen'));
    const el = await fixture<PlazaConnectionStatus>(
      html`<plaza-connection-status .client=${fake.client}></plaza-connection-status>`,
    );
    assert.strictEqual(el.client, fake.client);
    assert.strictEqual(textOf(el, 'name'), 'Alice Chen');
    assert.strictEqual(textOf(el, 'avatar'), 'AC');
    assert.strictEqual(textOf(el, 'status'), 'Online');
    assert.strictEqual(el.shadowRoot!.querySelector('[part="avatar"]')!.getAttribute('aria-hidden'), 'true');
  });

  it('shows status changes from the client state', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaConnectionStatus>(
      html`<plaza-connection-status .client=${fake.client}></plaza-connection-status>`,
    );
    assert.strictEqual(textOf(el, 'status'), 'Offline');

    fake.setStatus('connecting');
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Connecting…');

    fake.signIn(demoSession('li.na', '李娜'));
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Online');
    assert.strictEqual(textOf(el, 'name'), '李娜');

    fake.fail('unauthorized', 'token refused');
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Offline');
  });

  it('follows a new client and stops listening to the old one', async () => {
    const first = new FakeClient();
    const second = new FakeClient({ status: 'connecting' });
    const el = await fixture<PlazaConnectionStatus>(
      html`<plaza-connection-status .client=${first.client}></plaza-connection-status>`,
    );
    el.client = second.client;
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Connecting…');
    first.signIn(demoSession('bob', 'Bob'));
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Connecting…');
  });

  it('switches from English to Chinese when an ancestor lang changes', async () => {
    const fake = new FakeClient({ status: 'online' });
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="en"><plaza-connection-status .client=${fake.client}></plaza-connection-status></div>`,
    );
    const el = wrapper.querySelector('plaza-connection-status')!;
    assert.strictEqual(textOf(el, 'status'), 'Online');

    wrapper.setAttribute('lang', 'zh-CN');
    await new Promise((resolve) => setTimeout(resolve)); // MutationObserver callback
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), '在线');

    fake.setStatus('connecting');
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), '连接中…');
  });

  it('follows the document language', async () => {
    const before = document.documentElement.getAttribute('lang');
    try {
      const el = await fixture<PlazaConnectionStatus>(html`<plaza-connection-status></plaza-connection-status>`);
      document.documentElement.lang = 'zh';
      await new Promise((resolve) => setTimeout(resolve));
      await el.updateComplete;
      assert.strictEqual(textOf(el, 'status'), '离线');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.lang = before;
    }
  });

  it('takes lang from outside an enclosing shadow root', async () => {
    const host = await fixture<HTMLElement>(html`<div lang="zh-CN"></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const el = document.createElement('plaza-connection-status');
    root.append(el);
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), '离线');
  });

  it('shows a real client as Connecting… then Offline when the server is unreachable', async () => {
    const client = createClient({
      url: 'http://127.0.0.1:9',
      token: 'not-a-real-token',
      reconnection: false,
    });
    assert.strictEqual(client.status, 'offline');
    const el = await fixture<PlazaConnectionStatus>(
      html`<plaza-connection-status .client=${client}></plaza-connection-status>`,
    );
    const connecting = client.connect();
    await el.updateComplete;
    assert.strictEqual(textOf(el, 'status'), 'Connecting…');
    const error = await connecting.then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    assert.strictEqual(error?.code, 'unavailable');
    await el.updateComplete;
    assert.strictEqual(client.status, 'offline');
    assert.strictEqual(textOf(el, 'status'), 'Offline');
    await client.close();
  });
});

describe('initialsOf', () => {
  it('takes the given name of a Chinese name and the initials of a Western one', () => {
    assert.strictEqual(initialsOf('张伟'), '张伟');
    assert.strictEqual(initialsOf('欧阳娜娜'), '娜娜');
    assert.strictEqual(initialsOf('Alice Chen'), 'AC');
    assert.strictEqual(initialsOf('bob'), 'B');
    assert.strictEqual(initialsOf('  '), '');
  });
});
