// Type tests for the client's event map and requests, checked by `tsc -p packages/sdk`:
// every `@ts-expect-error` line must fail to compile, or the check fails.
import type { SessionInfo } from '@plaza/protocol';
import { expectTypeOf } from 'vitest';
import type { ClientState, ConnectionStatus, PlazaClient } from './client.js';
import type { PlazaError } from './index.js';

declare const client: PlazaClient;

client.on('status', (status) => expectTypeOf(status).toEqualTypeOf<ConnectionStatus>());
client.on('session', (session) => expectTypeOf(session).toEqualTypeOf<SessionInfo>());
client.on('error', (error) => expectTypeOf(error).toEqualTypeOf<PlazaError>());
expectTypeOf(client.on('status', () => undefined)).toEqualTypeOf<() => void>();
// @ts-expect-error an event that is not in the map
client.on('nope', () => undefined);
// @ts-expect-error a listener for the wrong payload type
client.on('status', (status: number) => status);

expectTypeOf(client.status).toEqualTypeOf<ConnectionStatus>();
expectTypeOf(client.session).toEqualTypeOf<SessionInfo | null>();
expectTypeOf(client.state.get()).toEqualTypeOf<ClientState>();
expectTypeOf(client.connect()).toEqualTypeOf<Promise<SessionInfo>>();

expectTypeOf(client.request('session:get', {})).toEqualTypeOf<Promise<SessionInfo>>();
expectTypeOf(client.request('session:refresh', { token: 't' })).toEqualTypeOf<Promise<{ expiresAt: string }>>();
// @ts-expect-error session:refresh needs a token
void client.request('session:refresh', {});
// @ts-expect-error not a request
void client.request('session:ready', {});

// @ts-expect-error patch takes only fields of the state
client.state.patch({ nope: 1 });
