/**
 * A stand-in for the SDK client in element tests and stories: it has the parts of
 * `PlazaClient` the elements read (state, status, session, on, connect, close, request,
 * and the chat, files and presence APIs) and lets the test drive them. Real connection
 * behaviour is tested with the real `createClient`.
 */
import { PlazaError, StateStore } from '@plaza/sdk';
import type { ClientState, ConnectionStatus, PlazaClient } from '@plaza/sdk';
import type { PresenceStatus, SessionInfo } from '@plaza/protocol';
import { FakeChat, FakeFiles } from './fake-chat.js';

export {
  DEMO_MEMBERS,
  FakeChannelHandle,
  FakeChat,
  FakeFiles,
  makeChannel,
  makeMember,
  makeMessage,
  makeMessages,
  seedChatDemo,
} from './fake-chat.js';

type Listener = (value: never) => void;

export function demoSession(id: string, name: string): SessionInfo {
  return {
    user: {
      id,
      name,
      kind: 'member',
      roles: [],
      dept: [],
      org: null,
      email: null,
      avatar: null,
      active: true,
    },
    tenant: { id: 'demo', name: 'Demo' },
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

export class FakeClient {
  readonly state = new StateStore<ClientState>({ status: 'offline', session: null, error: null });
  connectCalls = 0;
  closed = false;
  readonly chat = new FakeChat();
  readonly files = new FakeFiles();
  readonly presence = new StateStore<Readonly<Record<string, PresenceStatus>>>({});
  /** Every `request()` made, in order. */
  readonly requests: Array<{ name: string; payload: unknown }> = [];
  /** Answers `request()`; by default urgent-message requests answer "nobody pending". */
  requestHandler: (name: string, payload: unknown) => unknown = (name, payload) =>
    name.startsWith('chat:urgent:') ? { messageId: (payload as { messageId: string }).messageId, pending: [] } : {};
  readonly presenceQueries: string[][] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(initial: Partial<ClientState> = {}) {
    this.state.patch(initial);
  }

  /** This fake, typed as the client the elements expect. */
  get client(): PlazaClient {
    return this as unknown as PlazaClient;
  }

  get status(): ConnectionStatus {
    return this.state.get().status;
  }

  get session(): SessionInfo | null {
    return this.state.get().session;
  }

  on(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async connect(): Promise<void> {
    this.connectCalls += 1;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setStatus('offline');
  }

  async request(name: string, payload: unknown): Promise<unknown> {
    this.requests.push({ name, payload });
    return this.requestHandler(name, payload);
  }

  async queryPresence(ids: string[]): Promise<void> {
    this.presenceQueries.push(ids);
  }

  setStatus(status: ConnectionStatus): void {
    this.state.patch({ status });
    this.emit('status', status);
  }

  signIn(session: SessionInfo): void {
    this.state.patch({ session, status: 'online' });
    this.emit('session', session);
    this.emit('status', 'online');
  }

  fail(code: PlazaError['code'], message: string): PlazaError {
    const error = new PlazaError(code, message);
    this.state.patch({ error, status: 'offline' });
    this.emit('error', error);
    this.emit('status', 'offline');
    return error;
  }

  private emit(event: string, value: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (v: unknown) => void)(value);
  }
}
