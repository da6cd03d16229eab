import { DOC_CONTENT_FIELD, PlazaError } from '@plaza/protocol';
import type { Logger } from 'pino';
import * as Y from 'yjs';

/**
 * Yjs documents on the server: built from stored bytes, checked, compared and turned
 * back into bytes. Nothing here touches storage or sockets.
 */

/** The rich text of a document. */
export function contentOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(DOC_CONTENT_FIELD);
}

/**
 * A document from a snapshot and the updates after it. An update that fails to apply is
 * logged and skipped rather than making the document impossible to open: every stored
 * update passed `checkUpdate`, so this is a last line of defence, not a path in use.
 */
export function docFromParts(parts: readonly Uint8Array[], log?: Logger): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch (error) {
        log?.error({ err: error }, 'a stored document update does not apply; skipped');
      }
    }
  });
  return doc;
}

/** Refuses bytes that are not a Yjs (v1) update, before anything is stored. */
export function checkUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new PlazaError('bad_request', `message: not a Yjs update (${(error as Error).message})`);
  }
}

/** True when `update` holds nothing that a document with this state vector lacks. */
export function addsNothing(update: Uint8Array, stateVector: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, stateVector));
  return structs.length === 0 && ds.clients.size === 0;
}

/** The encoded full state and state vector of a document, as snapshots and versions keep them. */
export function encodeState(doc: Y.Doc): { state: Uint8Array; stateVector: Uint8Array } {
  return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
}

/**
 * The update that turns `current`'s rich text into `target`'s: every block of the
 * current content deleted, copies of the target's inserted. Applied like any edit, it
 * merges with concurrent ones and is undone like one; `current` is changed in place.
 */
export function restoreUpdate(current: Y.Doc, target: Y.Doc): Uint8Array {
  const before = Y.encodeStateVector(current);
  const content = contentOf(current);
  const copies = contentOf(target)
    .toArray()
    .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook))
    .map((node) => node.clone());
  current.transact(() => {
    content.delete(0, content.length);
    content.insert(0, copies);
  });
  return Y.encodeStateAsUpdate(current, before);
}
