/**
 * `@plaza/sdk/core`: the client without its capabilities (connection, session, requests,
 * events). Add `@plaza/sdk/chat`, `@plaza/sdk/presence` and `@plaza/sdk/files` as needed;
 * `client.chat` and the others throw `bad_request` naming the import while theirs is missing.
 * `@plaza/sdk` is this plus every capability.
 */
export { createClient } from './create-client.js';
export { CONNECTION_STATUSES } from './client.js';
export type { ClientEvents, ClientState, ConnectionStatus, PlazaClient, RequestOptions } from './client.js';
export type { ClientOptions, ReconnectionOptions } from './options.js';
export type { Transport } from './connection/socket.js';
export type { TokenProvider } from './connection/token-source.js';
export { decodeJwtTimes } from './connection/jwt.js';
export type { JwtTimes } from './connection/jwt.js';
export { StateStore } from './store/state-store.js';
export type { StatePatch, StoreListener } from './store/state-store.js';
export type { Listener, Unsubscribe } from './events/emitter.js';
export { ERROR_CODES, PlazaError } from '@plaza/protocol';
