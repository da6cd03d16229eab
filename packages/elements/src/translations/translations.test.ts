import { assert, fixture, html } from '@open-wc/testing';
import { FakeClient, demoSession } from '../test-support/fake-client.js';
import '../common/connection-status/connection-status.js';
import { en, zhCN } from './all.js';
import { loadLanguage, registerTranslations, resolveLanguage, translationFor } from './index.js';

describe('translations', () => {
  it('have the same keys in every language', () => {
    assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  });

  it('pluralise per language', () => {
    assert.strictEqual(en.unreadCount(1), '1 unread message');
    assert.strictEqual(en.unreadCount(3), '3 unread messages');
    assert.strictEqual(zhCN.unreadCount(3), '3 条未读消息');
  });

  it('map any Chinese tag to zh-CN and everything else to en', () => {
    assert.strictEqual(resolveLanguage('zh-CN'), 'zh-CN');
    assert.strictEqual(resolveLanguage('zh'), 'zh-CN');
    assert.strictEqual(resolveLanguage('zh-Hans-CN'), 'zh-CN');
    assert.strictEqual(resolveLanguage('ZH-tw'), 'zh-CN');
    assert.strictEqual(resolveLanguage('en-GB'), 'en');
    assert.strictEqual(resolveLanguage('de'), 'en');
    assert.strictEqual(resolveLanguage(''), 'en');
    assert.strictEqual(resolveLanguage(null), 'en');
  });

  it('load a language part on demand; elements wait for it, aria-busy, and never show the wrong language', async () => {
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => (arrive = resolve));
    const asked: string[] = [];
    registerTranslations({
      en: { statusOnline: 'Online' },
      'zh-CN': async () => {
        asked.push('zh-CN');
        await gate;
        return { statusOnline: '在线（已加载）' };
      },
    });
    assert.deepEqual(asked, [], 'nothing loads before an element renders in the language');
    const fake = new FakeClient();
    fake.signIn(demoSession('alice', 'Alice Chen'));
    const wrapper = document.createElement('div');
    wrapper.lang = 'zh-CN';
    const status = document.createElement('plaza-connection-status');
    status.client = fake.client;
    wrapper.append(status);
    document.body.append(wrapper);
    try {
      await new Promise((resolve) => setTimeout(resolve));
      assert.deepEqual(asked, ['zh-CN']);
      assert.strictEqual(status.getAttribute('aria-busy'), 'true');
      assert.strictEqual(status.shadowRoot!.textContent.trim(), '', 'nothing rendered yet');
      arrive();
      await status.updateComplete;
      assert.isFalse(status.hasAttribute('aria-busy'));
      assert.include(status.shadowRoot!.textContent, '在线（已加载）');
      assert.isNull(loadLanguage('zh-CN'), 'nothing left to load');
    } finally {
      wrapper.remove();
      registerTranslations({ en: {}, 'zh-CN': { statusOnline: zhCN.statusOnline } });
    }
  });

  it('fall back to English for the keys of a part that could not load', async () => {
    const table = translationFor('zh-CN');
    const before = table.statusOnline;
    delete table.statusOnline;
    registerTranslations({ en: {}, 'zh-CN': () => Promise.reject(new Error('chunk unreachable')) });
    const fake = new FakeClient();
    fake.signIn(demoSession('alice', 'Alice Chen'));
    try {
      const wrapper = await fixture<HTMLElement>(html`<div lang="zh-CN">
        <plaza-connection-status .client=${fake.client}></plaza-connection-status>
      </div>`);
      const status = wrapper.querySelector('plaza-connection-status')!;
      await status.updateComplete;
      assert.isFalse(status.hasAttribute('aria-busy'));
      assert.include(status.shadowRoot!.textContent, 'Online');
    } finally {
      table.statusOnline = before;
    }
  });
});
