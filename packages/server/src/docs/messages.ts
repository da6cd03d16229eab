import { DOC_MESSAGE, DOC_SYNC_STEP, PlazaError } from '@plaza/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The y-protocols messages `docs:sync` carries, read and written without applying
 * anything: the server decides per message type who may send it before it touches the
 * document. Framing as y-websocket's: a varUint message type (`DOC_MESSAGE`), then for
 * sync a varUint step (`DOC_SYNC_STEP`) and one varUint8Array; for awareness one
 * varUint8Array.
 */
export type DocMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array };

/** Reads one message; anything else (unknown types, truncated or trailing bytes) is `bad_request`. */
export function readMessage(bytes: Uint8Array): DocMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    let message: DocMessage;
    if (type === DOC_MESSAGE.sync) {
      const step = decoding.readVarUint(decoder);
      const body = decoding.readVarUint8Array(decoder);
      if (step === DOC_SYNC_STEP.step1) message = { kind: 'step1', stateVector: body };
      else if (step === DOC_SYNC_STEP.step2) message = { kind: 'step2', update: body };
      else if (step === DOC_SYNC_STEP.update) message = { kind: 'update', update: body };
      else throw new Error(`unknown sync step ${step}`);
    } else if (type === DOC_MESSAGE.awareness) {
      message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else {
      throw new Error(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return message;
  } catch (error) {
    throw new PlazaError('bad_request', `message: not a y-protocols sync or awareness message (${(error as Error).message})`);
  }
}

function syncMessage(step: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DOC_MESSAGE.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, body);
  return encoding.toUint8Array(encoder);
}

export function step1Message(stateVector: Uint8Array): Uint8Array {
  return syncMessage(DOC_SYNC_STEP.step1, stateVector);
}

export function step2Message(update: Uint8Array): Uint8Array {
  return syncMessage(DOC_SYNC_STEP.step2, update);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  return syncMessage(DOC_SYNC_STEP.update, update);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DOC_MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * The client ids an awareness update speaks for, with each state parsed: the server
 * lets a socket speak only for the ids it introduced, so nobody can move or remove
 * someone else's cursor. Malformed updates are `bad_request`.
 */
export function awarenessClients(update: Uint8Array): number[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const clients: number[] = [];
    for (let i = 0; i < count; i++) {
      clients.push(decoding.readVarUint(decoder));
      decoding.readVarUint(decoder); // clock
      JSON.parse(decoding.readVarString(decoder));
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return clients;
  } catch (error) {
    throw new PlazaError('bad_request', `message: not an awareness update (${(error as Error).message})`);
  }
}
