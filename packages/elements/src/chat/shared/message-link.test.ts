import { assert } from '@open-wc/testing';
import { makeMessage } from '../../test-support/fake-client.js';
import { messageLink } from '../../common/shared/message-link.js';
import { parseMessageLink } from './message-link.js';

describe('message links', () => {
  const page = location.href.split('#')[0];

  it('point at a message, or at a reply and its thread root, from this page', () => {
    assert.strictEqual(messageLink(makeMessage({ id: 'm1', channelId: 'c 1' })), `${page}#plaza-message=c%201/m1`);
    assert.strictEqual(messageLink(makeMessage({ id: 'r1', channelId: 'c1', threadRootId: 'm1' })), `${page}#plaza-message=c1/m1/r1`);
    // A task's source names the channel and the message only.
    assert.strictEqual(messageLink({ channelId: 'c1', id: 'm1' }), `${page}#plaza-message=c1/m1`);
  });

  it('parse back to their target, and nothing else parses', () => {
    assert.deepEqual(parseMessageLink('#plaza-message=c%201/m1'), { channelId: 'c 1', messageId: 'm1', replyId: null });
    assert.deepEqual(parseMessageLink('#plaza-message=c1/m1/r1'), { channelId: 'c1', messageId: 'm1', replyId: 'r1' });
    // What messageLink writes (its own module, see there) reads back.
    for (const message of [makeMessage({ id: 'm/1', channelId: 'c 1' }), makeMessage({ id: 'r1', channelId: 'c1', threadRootId: 'm1' })]) {
      const target = parseMessageLink(new URL(messageLink(message)).hash);
      assert.deepEqual(target, message.threadRootId ? { channelId: 'c1', messageId: 'm1', replyId: 'r1' } : { channelId: 'c 1', messageId: 'm/1', replyId: null });
    }
    for (const hash of ['', '#top', '#plaza-message=', '#plaza-message=c1', '#plaza-message=c1//m1', '#plaza-message=a/b/c/d', '#plaza-message=c1/%E0%A4%A']) {
      assert.isNull(parseMessageLink(hash), hash);
    }
  });
});
