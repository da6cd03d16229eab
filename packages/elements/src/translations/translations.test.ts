import { assert } from '@open-wc/testing';
import { en, zhCN } from './all.js';
import { resolveLanguage } from './index.js';

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
});
