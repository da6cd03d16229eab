import { assert, fixture, html } from '@open-wc/testing';
import { makeMessage } from '../../test-support/fake-client.js';
import { settle } from '../../test-support/chat-dom.js';
import '../message-item/message-item.js';
import type { PlazaMessageItem } from '../message-item/message-item.component.js';
import { DayKeys, datesLoaded, dayKey, formatDay, loadDates, nearDay } from './format.js';

describe('chat formats', () => {
  // First in this file, whose page has formatted no date yet (each test file has its own page).
  it('render a message without its time until the date data has loaded, then with it', async () => {
    assert.isFalse(datesLoaded('en'));
    const createdAt = '2026-01-05T09:07:00.000Z';
    const el = await fixture<PlazaMessageItem>(
      html`<plaza-message-item .message=${makeMessage({ createdAt })} .me=${'alice'}></plaza-message-item>`,
    );
    const time = () => el.shadowRoot!.querySelector('time')!;
    assert.strictEqual(time().textContent, '');
    assert.isFalse(time().hasAttribute('title'));

    await loadDates('en');
    await settle(el);
    assert.isTrue(datesLoaded('en'));
    assert.strictEqual(time().textContent, new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date(createdAt)));
    assert.isNotEmpty(time().getAttribute('title'));
  });

  it('give the local day of timestamps in order or not, as dayKey does', () => {
    const days = new DayKeys();
    const start = Date.parse('2026-03-01T00:00:00');
    // Every 7 minutes for three days, then back and forth across them.
    const times = Array.from({ length: 3 * 24 * 9 }, (_, i) => start + i * 7 * 60_000);
    times.push(start + 86_400_000 * 2 + 60_000, start - 1, start, start + 86_400_000 - 1, start + 86_400_000);
    for (const time of times) assert.strictEqual(days.of(time), dayKey(new Date(time).toISOString()), new Date(time).toString());
  });

  it('name today and yesterday, and other days by weekday and date', () => {
    const now = new Date('2026-03-04T12:00:00');
    const at = (date: string) => new Date(date).toISOString();
    assert.strictEqual(nearDay(at('2026-03-04T00:00:00'), 'Today', 'Yesterday', now), 'Today');
    assert.strictEqual(nearDay(at('2026-03-03T23:59:00'), 'Today', 'Yesterday', now), 'Yesterday');
    assert.isNull(nearDay(at('2026-03-02T23:59:00'), 'Today', 'Yesterday', now));
    assert.strictEqual(formatDay(at('2026-03-02T10:00:00'), 'en', 'Today', 'Yesterday', now), 'Monday, March 2');
    assert.strictEqual(formatDay(at('2025-03-02T10:00:00'), 'en', 'Today', 'Yesterday', now), 'Sunday, March 2, 2025');
  });
});
