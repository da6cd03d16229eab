import { assert } from '@open-wc/testing';
import { makeMessage } from '../../test-support/fake-client.js';
import { messageLink, parseMessageLink } from './message-link.js';

describe('message links', () => {
  const page = location.href.split('#')[0];

  it('point at a message, or at a reply and its thread root, from this page', () => {
    assert.strictEqual(messageLink(makeMessage({ id: 'm1', channelId: 'c 1' })), `${page}#plaza-message=c%201/m1`);
    assert.strictEqual(messageLink(makeMessage({ id: 'r1', channelId: 'c1', threadRootId: 'm1' })), `${page}#plaza-message=c1/m1/r1`);
  });

  it('parse back to their target, and nothing else parses', () => {
    assert.deepEqual(parseMessageLink('#plaza-message=c%201/m1'), { channelId: 'c 1', messageId: 'm1', replyId: null });
    assert.deepEqual(parseMessageLink('#plaza-message=c1/m1/r1'), { channelId: 'c1', messageId: 'm1', replyId: 'r1' });
    for (const hash of ['', '#top', '#plaza-message=', '#plaza-message=c1', '#plaza-message=c1//m1', '#plaza-message=a/b/c/d', '#plaza-message=c1/%E0%A4%A']) {
      assert.isNull(parseMessageLink(hash), hash);
    }
  });
});
