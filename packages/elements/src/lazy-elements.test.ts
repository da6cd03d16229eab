import { assert, waitUntil } from '@open-wc/testing';
import { defineLazily } from './base/lazy-define.js';
import { LAZY_ELEMENTS } from './lazy-elements.js';

/** A loader that defines `tag` (as a chunk would) and counts its calls. */
function loaderFor(tag: string) {
  const loader = {
    calls: 0,
    load: () => {
      loader.calls += 1;
      customElements.define(tag, class extends HTMLElement {});
      return Promise.resolve();
    },
  };
  return loader;
}

describe('the script-tag bundle', () => {
  it('defines every element index.ts defines: the provider at once, the others on demand', async () => {
    const before = new Set(['plaza-provider', ...Object.keys(LAZY_ELEMENTS)]);
    await import('./index.js');
    const plazaTags = ['plaza-provider', 'plaza-connection-status', 'plaza-chat-panel', 'plaza-task-list', 'plaza-ticket-form', 'plaza-ticket-inbox', 'plaza-customer-portal'].filter((tag) =>
      customElements.get(tag),
    );
    assert.strictEqual(plazaTags.length, 7);
    for (const tag of plazaTags) assert.isTrue(before.has(tag), tag);
  });

  it('loads an element when it first appears in the page, once', async () => {
    const early = loaderFor('lazy-early');
    const later = loaderFor('lazy-later');
    document.body.append(document.createElement('lazy-early'));
    defineLazily({ 'lazy-early': early.load, 'lazy-later': later.load });
    assert.strictEqual(early.calls, 1);
    assert.strictEqual(later.calls, 0);

    const wrapper = document.createElement('div');
    wrapper.innerHTML = '<lazy-later></lazy-later><lazy-later></lazy-later>';
    document.body.append(wrapper);
    await waitUntil(() => customElements.get('lazy-later'));
    assert.strictEqual(later.calls, 1);
    assert.instanceOf(wrapper.firstElementChild, customElements.get('lazy-later')!);
  });

  it('sees elements inside shadow roots attached after it started', async () => {
    const inShadow = loaderFor('lazy-in-shadow');
    defineLazily({ 'lazy-in-shadow': inShadow.load });
    const host = document.createElement('div');
    document.body.append(host);
    host.attachShadow({ mode: 'open' }).innerHTML = '<section><lazy-in-shadow></lazy-in-shadow></section>';
    await waitUntil(() => customElements.get('lazy-in-shadow'));
    assert.strictEqual(inShadow.calls, 1);
  });
});
