import { assert, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StateStore } from '@plaza/sdk';
import { StoreController } from './store-controller.js';

interface Counter {
  count: number;
  label: string;
}

/** A StateStore that counts its live subscriptions. */
class CountingStore extends StateStore<Counter> {
  live = 0;

  override subscribe(listener: (next: Counter, previous: Counter) => void): () => void {
    this.live += 1;
    const off = super.subscribe(listener);
    return () => {
      this.live -= 1;
      off();
    };
  }
}

class CountView extends LitElement {
  renders = 0;
  readonly count = new StoreController<Counter, number>(this, undefined, (s) => s.count);

  protected override render() {
    this.renders += 1;
    return html`${this.count.value ?? '-'}`;
  }
}
customElements.define('test-count-view', CountView);

describe('StoreController', () => {
  it('renders the selected value and re-renders only when it changes', async () => {
    const store = new CountingStore({ count: 1, label: 'a' });
    const el = await fixture<CountView>(html`<test-count-view></test-count-view>`);
    el.count.setStore(store);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, '1');
    const renders = el.renders;

    store.patch({ label: 'b' });
    await el.updateComplete;
    assert.strictEqual(el.renders, renders);

    store.patch({ count: 2 });
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, '2');
  });

  it('subscribes while connected only, and catches up on reconnect', async () => {
    const store = new CountingStore({ count: 1, label: 'a' });
    const el = await fixture<CountView>(html`<test-count-view></test-count-view>`);
    el.count.setStore(store);
    assert.strictEqual(store.live, 1);

    const parent = el.parentElement!;
    el.remove();
    assert.strictEqual(store.live, 0);
    store.patch({ count: 5 });

    parent.append(el);
    assert.strictEqual(store.live, 1);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, '5');
  });

  it('drops the old store when given another', async () => {
    const first = new CountingStore({ count: 1, label: 'a' });
    const second = new CountingStore({ count: 7, label: 'a' });
    const el = await fixture<CountView>(html`<test-count-view></test-count-view>`);
    el.count.setStore(first);
    el.count.setStore(second);
    assert.strictEqual(first.live, 0);
    assert.strictEqual(second.live, 1);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, '7');
    el.count.setStore(undefined);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, '-');
  });
});
