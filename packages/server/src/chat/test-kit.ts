import { randomBytes } from 'node:crypto';
import { PlazaError, type Ack, type ErrorCode, type RequestName, type RequestPayload, type RequestResult } from '@plaza/protocol';
import { EVENT_DEADLINE_MS, sessionReady, type SocketPool, type TestServer, type TestSocket, type UserTokenInput } from '../test-support/index.js';

/** Test helpers for chat: signed-in sockets and typed requests that throw on refusal. */

/** A fresh host id, so tests sharing one server never meet each other's users. */
export function uid(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Sends a request and resolves with its data; a refusal rejects with the PlazaError. */
export async function ask<E extends RequestName>(socket: TestSocket, event: E, payload: RequestPayload<E>): Promise<RequestResult<E>> {
  const emitter = socket.timeout(EVENT_DEADLINE_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<RequestResult<E>>> };
  const answer = await emitter.emitWithAck(event, payload);
  if (!answer.ok) throw new PlazaError(answer.error.code, answer.error.message);
  return answer.data;
}

/** The code a request is refused with; fails when it succeeds. */
export async function refusal<E extends RequestName>(socket: TestSocket, event: E, payload: RequestPayload<E>): Promise<ErrorCode> {
  try {
    await ask(socket, event, payload);
  } catch (error) {
    if (error instanceof PlazaError) return error.code;
    throw error;
  }
  throw new Error(`${event} was accepted`);
}

/** Opens a socket for a user of the test tenant and waits until it is ready. */
export async function connect(t: TestServer, pool: SocketPool, sub: string, claims: UserTokenInput = {}): Promise<TestSocket> {
  const socket = pool.open(t.url, { token: await t.signUserToken({ sub, name: sub, ...claims }) });
  await sessionReady(socket);
  return socket;
}

/** Collects every push of one event on a socket, for asserting what did and did not arrive. */
export function record<T>(socket: TestSocket, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on(event: string, listener: (value: T) => void): void }).on(event, (value) => seen.push(value));
  return seen;
}
