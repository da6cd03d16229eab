import { describe, expect, it } from 'vitest';
import { documentTerms, excerpt, plainText, queryTerms, stem } from './terms.js';

describe('knowledge search terms', () => {
  it.each([
    ['refunds', 'refund'],
    ['refunded', 'refund'],
    ['refunding', 'refund'],
    ['policies', 'polici'],
    ['policy', 'polici'],
    ['changes', 'chang'],
    ['changing', 'chang'],
    ['changed', 'chang'],
    ['shipping', 'ship'],
    ['billing', 'bill'],
    ['boxes', 'box'],
    ['addresses', 'address'],
    ['shipped', 'ship'],
    ['log', 'log'],
    ['v2', 'v2'],
  ])('stems %s to %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('cuts Chinese into overlapping bigrams for queries and keeps single characters for articles', () => {
    expect(queryTerms('如何申请退款')).toEqual(['如何', '何申', '申请', '请退', '退款']);
    expect(queryTerms('款')).toEqual(['款']);
    const terms = documentTerms('申请退款');
    expect([...terms.keys()].sort()).toEqual(['申', '申请', '款', '请', '请退', '退', '退款'].sort());
  });

  it('separates scripts, lowercases after NFKC, and drops function words and lone letters', () => {
    expect(queryTerms('How do I get a Refund for 订单退款?')).toEqual(['get', 'refund', '订单', '单退', '退款']);
    expect(queryTerms('ＲＥＦＵＮＤＳ')).toEqual(['refund']);
    expect(queryTerms('error 5')).toEqual(['error', '5']);
    expect(queryTerms('  ... !!! ')).toEqual([]);
  });

  it('counts how often a term occurs', () => {
    expect(documentTerms('refund, refunds and a refunded order').get('refund')).toBe(3);
  });

  it('bounds the number of query terms', () => {
    expect(queryTerms(Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '))).toHaveLength(32);
  });

  it('reads Markdown as plain text: link targets, images, code fences and marks go', () => {
    expect(plainText('# Title\n\n**Bold** and [a link](https://evil.example/x) ![alt](y.png)\n```js\ncode\n```\n- item <b>x</b>')).toBe(
      'Title Bold and a link alt code item x',
    );
  });

  it('starts an excerpt near the first match and marks what it left out', () => {
    const text = `${'lorem ipsum '.repeat(40)}the refund arrives in five days ${'dolor sit '.repeat(40)}`;
    const cut = excerpt(text, 'refunds', 120);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('refund arrives');
    expect(excerpt('short text', 'nothing', 120)).toBe('short text');
    expect(excerpt('😀'.repeat(100), '', 51)).not.toMatch(/[\ud800-\udbff]…$/);
  });
});
