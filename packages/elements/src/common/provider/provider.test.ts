import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { define } from '../../base/define.js';
import { FakeClient, demoSession } from '../../test-support/fake-client.js';
import '../connection-status/connection-status.js';
import type { PlazaConnectionStatus } from '../connection-status/connection-status.js';
import './provider.js';
import { PlazaProvider } from './provider.js';

/** A port nothing listens on: connecting fails at once with "connection refused". */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';

let uniqueTag = 0;
/** A tag not defined yet, to put elements in the page before their class exists. */
function freshTag(prefix: string): string {
  uniqueTag += 1;
  return `${prefix}-${uniqueTag}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('<plaza-provider>', () => {
  it('is accessible with content inside', async () => {
    const fake = new FakeClient();
    fake.signIn(demoSession('zhang.wei', '张伟'));
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider .client=${fake.client}>
        <plaza-connection-status></plaza-connection-status>
      </plaza-provider>
    `);
    await expect(el).to.be.accessible();
  });

  it('has no client and renders its content by default', async () => {
    const el = await fixture<PlazaProvider>(html`<plaza-provider><p>portal</p></plaza-provider>`);
    assert.strictEqual(el.url, undefined);
    assert.strictEqual(el.client, undefined);
    assert.exists(el.shadowRoot!.querySelector('slot'));
    assert.isAbove(el.querySelector('p')!.getClientRects().length, 0);
  });

  it('provides its client to a nested element', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider .client=${fake.client}>
        <div><plaza-connection-status></plaza-connection-status></div>
      </plaza-provider>
    `);
    const status = el.querySelector('plaza-connection-status')!;
    assert.strictEqual(status.client, fake.client);
  });

  it('dispatches plaza-status-change and plaza-error from its client, bubbling and composed', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`<plaza-provider .client=${fake.client}></plaza-provider>`);

    setTimeout(() => fake.setStatus('connecting'));
    const statusEvent = await oneEvent(document, 'plaza-status-change');
    assert.strictEqual(statusEvent.detail.status, 'connecting');
    assert.strictEqual(statusEvent.bubbles && statusEvent.composed, true);
    assert.strictEqual(statusEvent.target, el);

    setTimeout(() => fake.fail('unauthorized', 'token refused'));
    const errorEvent = await oneEvent(el, 'plaza-error');
    assert.strictEqual(errorEvent.detail.error.code, 'unauthorized');
    assert.strictEqual(errorEvent.composed, true);
  });

  it('neither connects nor closes a client the page set', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`<plaza-provider .client=${fake.client}></plaza-provider>`);
    el.remove();
    assert.strictEqual(fake.connectCalls, 0);
    assert.strictEqual(fake.closed, false);
  });

  it('creates a real client from url and token, which fails to reach a closed port', async () => {
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider url=${CLOSED_PORT_URL} token="not-a-real-token">
        <plaza-connection-status></plaza-connection-status>
      </plaza-provider>
    `);
    const client = el.client!;
    assert.exists(client);
    assert.strictEqual(el.querySelector('plaza-connection-status')!.client, client);

    const { detail } = await oneEvent(el, 'plaza-error');
    assert.strictEqual(detail.error.code, 'unavailable');
    // The client keeps retrying in the background until the provider is removed.
    assert.strictEqual(client.status, 'connecting');
    el.remove();
    assert.strictEqual(client.status, 'offline');
    assert.strictEqual(el.client, undefined);
  });

  it('reports invalid options as plaza-error instead of throwing', async () => {
    const el = document.createElement('plaza-provider');
    el.url = 'http://[';
    el.token = 'token';
    setTimeout(() => document.body.append(el));
    const { detail } = await oneEvent(el, 'plaza-error');
    assert.strictEqual(detail.error.code, 'bad_request');
    assert.strictEqual(el.client, undefined);
    el.remove();
  });

  it('replaces its client when the token changes, and closes the old one', async () => {
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider url=${CLOSED_PORT_URL} token="first">
        <plaza-connection-status></plaza-connection-status>
      </plaza-provider>
    `);
    const status = el.querySelector('plaza-connection-status')!;
    const first = el.client!;
    el.tokenProvider = async () => 'second';
    await el.updateComplete;
    const second = el.client!;
    assert.exists(second);
    assert.notStrictEqual(second, first);
    assert.strictEqual(first.status, 'offline');
    await status.updateComplete;
    assert.strictEqual(status.client, second);
    el.remove();
  });

  it('keeps a tokenProvider set before the element upgraded', async () => {
    const tag = freshTag('late-provider');
    const el = document.createElement(tag) as PlazaProvider;
    el.setAttribute('url', CLOSED_PORT_URL);
    const tokenProvider = async () => 'token';
    el.tokenProvider = tokenProvider;
    document.body.append(el);
    define(tag, class extends PlazaProvider {});
    await el.updateComplete;
    assert.strictEqual(el.tokenProvider, tokenProvider);
    assert.exists(el.client);
    el.remove();
  });

  it('reaches elements that upgraded before it', async () => {
    const tag = freshTag('late-provider');
    const fake = new FakeClient();
    // The provider's tag is not defined yet, so the status element upgrades first and its
    // context request finds no provider.
    const wrapper = await fixture<HTMLElement>(
      `<div><${tag}><plaza-connection-status></plaza-connection-status></${tag}></div>`,
    );
    const status = wrapper.querySelector<PlazaConnectionStatus>('plaza-connection-status')!;
    await status.updateComplete;
    assert.strictEqual(status.client, undefined);

    const provider = wrapper.querySelector(tag) as PlazaProvider;
    provider.client = fake.client;
    define(tag, class extends PlazaProvider {});
    await waitUntil(() => status.client === fake.client, 'the status element never got the client');
  });

  it('does not throw when an element is defined twice, and keeps the first definition', () => {
    assert.doesNotThrow(() => define('plaza-provider', class extends PlazaProvider {}));
    assert.strictEqual(customElements.get('plaza-provider'), PlazaProvider);
  });
});
