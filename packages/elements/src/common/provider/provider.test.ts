import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
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
    expect(el.url).to.equal(undefined);
    expect(el.client).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('slot')).to.exist;
    expect(el.querySelector('p')!.getClientRects().length).to.be.greaterThan(0);
  });

  it('provides its client to a nested element', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider .client=${fake.client}>
        <div><plaza-connection-status></plaza-connection-status></div>
      </plaza-provider>
    `);
    const status = el.querySelector('plaza-connection-status')!;
    expect(status.client).to.equal(fake.client);
  });

  it('dispatches plaza-status-change and plaza-error from its client, bubbling and composed', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`<plaza-provider .client=${fake.client}></plaza-provider>`);

    setTimeout(() => fake.setStatus('connecting'));
    const statusEvent = await oneEvent(document, 'plaza-status-change');
    expect(statusEvent.detail.status).to.equal('connecting');
    expect(statusEvent.bubbles && statusEvent.composed).to.equal(true);
    expect(statusEvent.target).to.equal(el);

    setTimeout(() => fake.fail('unauthorized', 'token refused'));
    const errorEvent = await oneEvent(el, 'plaza-error');
    expect(errorEvent.detail.error.code).to.equal('unauthorized');
    expect(errorEvent.composed).to.equal(true);
  });

  it('neither connects nor closes a client the page set', async () => {
    const fake = new FakeClient();
    const el = await fixture<PlazaProvider>(html`<plaza-provider .client=${fake.client}></plaza-provider>`);
    el.remove();
    expect(fake.connectCalls).to.equal(0);
    expect(fake.closed).to.equal(false);
  });

  it('creates a real client from url and token, which fails to reach a closed port', async () => {
    const el = await fixture<PlazaProvider>(html`
      <plaza-provider url=${CLOSED_PORT_URL} token="not-a-real-token">
        <plaza-connection-status></plaza-connection-status>
      </plaza-provider>
    `);
    const client = el.client!;
    expect(client).to.exist;
    expect(el.querySelector('plaza-connection-status')!.client).to.equal(client);

    const { detail } = await oneEvent(el, 'plaza-error');
    expect(detail.error.code).to.equal('unavailable');
    // The client keeps retrying in the background until the provider is removed.
    expect(client.status).to.equal('connecting');
    el.remove();
    expect(client.status).to.equal('offline');
    expect(el.client).to.equal(undefined);
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
    expect(second).to.exist.and.not.equal(first);
    expect(first.status).to.equal('offline');
    await status.updateComplete;
    expect(status.client).to.equal(second);
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
    expect(el.tokenProvider).to.equal(tokenProvider);
    expect(el.client).to.exist;
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
    expect(status.client).to.equal(undefined);

    const provider = wrapper.querySelector(tag) as PlazaProvider;
    provider.client = fake.client;
    define(tag, class extends PlazaProvider {});
    await waitUntil(() => status.client === fake.client, 'the status element never got the client');
  });

  it('does not throw when an element is defined twice, and keeps the first definition', () => {
    expect(() => define('plaza-provider', class extends PlazaProvider {})).not.to.throw();
    expect(customElements.get('plaza-provider')).to.equal(PlazaProvider);
  });
});
