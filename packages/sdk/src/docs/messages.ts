import { DOC_MESSAGE, DOC_SYNC_STEP } from '@plaza/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The y-protocols messages a document session sends and receives in `docs:sync`, framed
 * as y-websocket frames them (the server reads the same framing).
 */
export type DocMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array };

/** Reads a message from the server; null for anything this client does not know. */
export function readMessage(bytes: Uint8Array): DocMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === DOC_MESSAGE.awareness) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    if (type !== DOC_MESSAGE.sync) return null;
    const step = decoding.readVarUint(decoder);
    const body = decoding.readVarUint8Array(decoder);
    if (step === DOC_SYNC_STEP.step1) return { kind: 'step1', stateVector: body };
    if (step === DOC_SYNC_STEP.step2) return { kind: 'step2', update: body };
    if (step === DOC_SYNC_STEP.update) return { kind: 'update', update: body };
    return null;
  } catch {
    return null;
  }
}

function syncMessage(step: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DOC_MESSAGE.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}

export const step1Message = (stateVector: Uint8Array): Uint8Array => syncMessage(DOC_SYNC_STEP.step1, stateVector);
export const step2Message = (update: Uint8Array): Uint8Array => syncMessage(DOC_SYNC_STEP.step2, update);
export const updateMessage = (update: Uint8Array): Uint8Array => syncMessage(DOC_SYNC_STEP.update, update);

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DOC_MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Binary as socket.io hands it over: a Buffer in Node, an ArrayBuffer in browsers. */
export function asBytes(value: Uint8Array | ArrayBuffer): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}
