import type { Message } from '@plaza/protocol';

/** What a link names: a message, with its thread root when it is a reply (a task's `source` names none). */
export type LinkedMessage = Pick<Message, 'channelId' | 'id'> & { threadRootId?: string | null };

/**
 * The link to a message on this page: `#plaza-message=<channelId>/<messageId>`, or
 * `<channelId>/<rootId>/<replyId>` for a reply in a thread. `<plaza-chat-panel>` opens such
 * links on load, on `hashchange` and when one is clicked in a message (`parseMessageLink`
 * in chat/shared reads them). "Copy link" in the chat and a task's "From a chat message"
 * use it. A module of its own, apart from the parser: the chat panel's first chunk needs
 * only the parser, and a module both it and the task drawer imported would become a chunk
 * of its own that every page with the chat panel loads.
 *
 * @example
 * messageLink(message); // 'https://oa.example.com/home#plaza-message=0190…/0190…'
 * messageLink({ channelId: task.source.channelId, id: task.source.messageId });
 */
export function messageLink(message: LinkedMessage): string {
  const ids = [message.channelId, message.threadRootId, message.id].filter((id): id is string => id != null);
  return `${location.href.split('#')[0]}#plaza-message=${ids.map(encodeURIComponent).join('/')}`;
}
