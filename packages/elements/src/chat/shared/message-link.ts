import type { Message } from '@plaza/protocol';

/** Where a message link points: a channel, a top-level message, and a reply in its thread. */
export interface MessageTarget {
  channelId: string;
  /** The top-level message: the link's message, or the thread root of a linked reply. */
  messageId: string;
  /** The linked reply, when the link is to a reply in a thread. */
  replyId: string | null;
}

const PREFIX = '#plaza-message=';

/**
 * The link "Copy link" puts on the clipboard: this page, pointing at the message —
 * `#plaza-message=<channelId>/<messageId>`, or `<channelId>/<rootId>/<replyId>` for a reply
 * in a thread. `<plaza-chat-panel>` opens such links on load, on `hashchange` and when one
 * is clicked in a message.
 *
 * @example
 * messageLink(message); // 'https://oa.example.com/home#plaza-message=0190…/0190…'
 */
export function messageLink(message: Message): string {
  const ids = [message.channelId, message.threadRootId, message.id].filter((id): id is string => id !== null);
  return `${location.href.split('#')[0]}${PREFIX}${ids.map(encodeURIComponent).join('/')}`;
}

/** The target of a `#plaza-message=` fragment; null for any other fragment. */
export function parseMessageLink(hash: string): MessageTarget | null {
  if (!hash.startsWith(PREFIX)) return null;
  const ids = hash.slice(PREFIX.length).split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  if ((ids.length !== 2 && ids.length !== 3) || ids.some((id) => id === '')) return null;
  return { channelId: ids[0], messageId: ids[1], replyId: ids[2] ?? null };
}
