import type { CreateDocPayload, CreateSpacePayload, DocInfo, DocSpace, DocSyncPush } from '@plaza/protocol';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ask, uid } from '../chat/test-kit.js';
import type { TestSocket } from '../test-support/index.js';
import { contentOf } from './content.js';
import { awarenessMessage, readMessage, step1Message, step2Message, updateMessage } from './messages.js';

/** Test helpers for documents, on top of chat's socket helpers. */
export { ask, connect, record, refusal, uid } from '../chat/test-kit.js';
export { awarenessMessage, step1Message, step2Message, updateMessage };

export function createSpace(socket: TestSocket, payload: Partial<CreateSpacePayload> = {}): Promise<DocSpace> {
  return ask(socket, 'docs:space:create', { name: `Space ${uid('s')}`, ...payload });
}

export function createDoc(socket: TestSocket, spaceId: string, payload: Partial<CreateDocPayload> = {}): Promise<DocInfo> {
  return ask(socket, 'docs:create', { spaceId, title: `Doc ${uid('d')}`, ...payload });
}

/** A paragraph holding `text`, appended to the content of `doc`; answers the update it made. */
export function appendParagraph(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  run.insert(0, text);
  paragraph.insert(0, [run]);
  const content = contentOf(doc);
  content.insert(content.length, [paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

/** The plain text of every paragraph of the content, in order. */
export function paragraphs(doc: Y.Doc): string[] {
  return contentOf(doc)
    .toArray()
    .map((node): string =>
      node instanceof Y.XmlElement
        ? node
            .toArray()
            .map((child) => (child instanceof Y.XmlText ? plainText(child) : ''))
            .join('')
        : '',
    );
}

/** A text run's characters without its marks (`toString` would write marks as tags). */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((run) => (typeof run.insert === 'string' ? run.insert : '')).join('');
}

/** Applies the sync answers (step 2, server step 1, awareness) a socket received to a local document. */
export function applyAnswers(doc: Y.Doc, messages: readonly Uint8Array[]): Uint8Array | null {
  let serverStateVector: Uint8Array | null = null;
  for (const bytes of messages) {
    const message = readMessage(new Uint8Array(bytes));
    if (message.kind === 'step2' || message.kind === 'update') Y.applyUpdate(doc, message.update);
    if (message.kind === 'step1') serverStateVector = message.stateVector;
  }
  return serverStateVector;
}

/** Opens the document and syncs a fresh local copy of it through the socket. */
export async function openCopy(socket: TestSocket, docId: string): Promise<Y.Doc> {
  await ask(socket, 'docs:open', { docId });
  const doc = new Y.Doc();
  const { messages } = await ask(socket, 'docs:sync', { docId, message: step1Message(Y.encodeStateVector(doc)) });
  applyAnswers(doc, messages);
  return doc;
}

/** Keeps a local copy current with the `docs:sync` pushes of one document. */
export function follow(socket: TestSocket, docId: string, doc: Y.Doc): void {
  socket.on('docs:sync', (push: DocSyncPush) => {
    if (push.docId !== docId) return;
    const message = readMessage(new Uint8Array(push.message));
    if (message.kind === 'update' || message.kind === 'step2') Y.applyUpdate(doc, message.update);
  });
}

/** An awareness message announcing `state` for the client id of `doc`. */
export function awarenessOf(doc: Y.Doc, state: Record<string, unknown>): Uint8Array {
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return awarenessMessage(update);
}

/** Arbitrary bytes framed as a sync message of the given step (for malformed input). */
export function rawSync(step: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}
