import { expect } from '@open-wc/testing';
import { en, resolveLanguage, zhCN } from './index.js';

describe('translations', () => {
  it('have the same keys in every language', () => {
    expect(Object.keys(zhCN).sort()).to.deep.equal(Object.keys(en).sort());
  });

  it('pluralise per language', () => {
    expect(en.unreadCount(1)).to.equal('1 unread message');
    expect(en.unreadCount(3)).to.equal('3 unread messages');
    expect(zhCN.unreadCount(3)).to.equal('3 条未读消息');
  });

  it('map any Chinese tag to zh-CN and everything else to en', () => {
    expect(resolveLanguage('zh-CN')).to.equal('zh-CN');
    expect(resolveLanguage('zh')).to.equal('zh-CN');
    expect(resolveLanguage('zh-Hans-CN')).to.equal('zh-CN');
    expect(resolveLanguage('ZH-tw')).to.equal('zh-CN');
    expect(resolveLanguage('en-GB')).to.equal('en');
    expect(resolveLanguage('de')).to.equal('en');
    expect(resolveLanguage('')).to.equal('en');
    expect(resolveLanguage(null)).to.equal('en');
  });
});
