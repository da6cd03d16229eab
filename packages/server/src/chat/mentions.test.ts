import { describe, expect, it } from 'vitest';
import { idCandidates, mentionTokens, resolveMentions } from './mentions.js';

const members = new Set(['alice', 'zhang.wei', 'bob@corp', '李娜', 'allen', 'all.hands']);
const resolve = (text: string) => resolveMentions(mentionTokens(text), (id) => members.has(id));

describe('mentions', () => {
  it.each([
    ['hi @alice', ['alice'], false],
    ['hi @alice, and @alice again', ['alice'], false],
    ['thanks @alice.', ['alice'], false],
    ['@zhang.wei你好', ['zhang.wei'], false],
    ['@李娜 请看', ['李娜'], false],
    ['ping @bob@corp', ['bob@corp'], false],
    ['write to alice@example.com', [], false],
    ['@nobody here', [], false],
    ['@all please read', [], true],
    ['@all, please read', [], true],
    ['@all大家好', [], true],
    ['@allen is not everyone', ['allen'], false],
    ['@allison is not everyone either', [], false],
    ['@all.hands is a member', ['all.hands'], false],
    ['(@alice)', ['alice'], false],
  ])('%s mentions %j (all: %s)', (text, userIds, all) => {
    expect(resolve(text)).toEqual({ userIds, all });
  });

  it('offers the whole token and every cut before punctuation or another script', () => {
    expect(idCandidates('zhang.wei你好')).toEqual(['zhang', 'zhang.wei', 'zhang.wei你', 'zhang.wei你好']);
  });

  it('looks at a bounded number of distinct tokens', () => {
    const text = Array.from({ length: 80 }, (_, i) => `@u${i}`).join(' ');
    expect(mentionTokens(text)).toHaveLength(50);
  });
});
