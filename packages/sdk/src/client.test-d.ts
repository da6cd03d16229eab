// Type tests for the client's event map and requests, checked by `tsc -p packages/sdk`:
// every `@ts-expect-error` line must fail to compile, or the check fails.
import type { Channel, FileInfo, Message, PresenceStatus, SessionInfo } from '@plaza/protocol';
import { expectTypeOf } from 'vitest';
import type { ClientState, ConnectionStatus, PlazaClient } from './client.js';
import type { ChannelHandle, PendingMessage, PlazaError, ReadEvent, TypingEvent } from './index.js';

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

// Chat, presence and files
client.on('message', (message) => expectTypeOf(message).toEqualTypeOf<Message>());
client.on('message:updated', (message) => expectTypeOf(message).toEqualTypeOf<Message>());
client.on('typing', (event) => expectTypeOf(event).toEqualTypeOf<TypingEvent>());
client.on('read', (event) => expectTypeOf(event).toEqualTypeOf<ReadEvent>());
// @ts-expect-error a message listener gets a Message, not a string
client.on('message', (message: string) => message);
expectTypeOf(client.chat.channels.get()).toEqualTypeOf<readonly Channel[]>();
const channel = client.chat.channel('c');
expectTypeOf(channel).toEqualTypeOf<ChannelHandle>();
expectTypeOf(channel.messages.get()).toEqualTypeOf<readonly Message[]>();
expectTypeOf(channel.pending.get()).toEqualTypeOf<readonly PendingMessage[]>();
expectTypeOf(channel.send({ text: 'hi' })).toEqualTypeOf<Promise<Message>>();
// @ts-expect-error urgency is one of the protocol's values
void channel.send({ text: 'hi', urgency: 'loud' });
expectTypeOf(channel.state.get().typing).toEqualTypeOf<readonly string[]>();
expectTypeOf(channel.thread('r').messages.get()).toEqualTypeOf<readonly Message[]>();
expectTypeOf(client.presence.get()).toEqualTypeOf<Readonly<Record<string, PresenceStatus>>>();
expectTypeOf(client.files.upload(new Blob([]))).toEqualTypeOf<Promise<FileInfo>>();
