import { PlazaError } from '@plaza/protocol';
import type { Ack } from '@plaza/protocol';

/**
 * Turns a request's answer (`{ ok: true, data }` or `{ ok: false, error }`) into its data
 * or a thrown `PlazaError`. An answer of any other shape is a server bug: `internal`.
 */
export function unwrapAck<T>(answer: unknown, request: string): T {
  if (!isAck<T>(answer)) {
    throw new PlazaError('internal', `the server answered ${request} with a malformed acknowledgement`);
  }
  if (answer.ok) return answer.data;
  throw PlazaError.fromBody(answer.error);
}

function isAck<T>(value: unknown): value is Ack<T> {
  if (value === null || typeof value !== 'object') return false;
  const { ok } = value as { ok?: unknown };
  if (ok === true) return 'data' in value;
  if (ok === false) return 'error' in value;
  return false;
}
