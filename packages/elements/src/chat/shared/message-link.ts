/** Where a message link points: a channel, a top-level message, and a reply in its thread. */
export interface MessageTarget {
  channelId: string;
  /** The top-level message: the link's message, or the thread root of a linked reply. */
  messageId: string;
  /** The linked reply, when the link is to a reply in a thread. */
  replyId: string | null;
}

/** The fragment `messageLink` (common/shared) writes; the tests check the two agree. */
const PREFIX = '#plaza-message=';

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
