import type { PlazaError } from '@plaza/protocol';
import type { ChatEvents } from './chat/chat-client.js';
import type { ChatApi } from './chat/types.js';
import type { Connection } from './connection/connection.js';
import type { DocsApi } from './docs/types.js';
import type { FilesApi } from './files/files-client.js';
import type { KnowledgeApi } from './knowledge/types.js';
import type { ResolvedOptions } from './options.js';
import type { PresenceTracker } from './presence/presence.js';
import type { PlazaTasks } from './tasks/tasks-client.js';
import type { TasksEvents } from './tasks/types.js';
import type { PlazaTickets } from './tickets/tickets-client.js';
import type { TicketsEvents } from './tickets/types.js';

/** The events capabilities add to the client's event map. */
export type CapabilityEvents = ChatEvents & TasksEvents & TicketsEvents;

/** What a capability gets from the client that creates it. */
export interface CapabilityContext {
  connection: Connection;
  options: ResolvedOptions;
  /** Emits one of the capability's own events on the client (`message`, …). */
  emit: <K extends keyof CapabilityEvents>(name: K, payload: CapabilityEvents[K]) => void;
  /** A failure no promise reports: the client's `error` event. */
  report: (error: PlazaError) => void;
}

/** The capabilities a client exposes, by name, as their implementations are typed. */
export interface CapabilityMap {
  chat: ChatApi & { stop(): void };
  presence: PresenceTracker;
  files: FilesApi;
  tasks: PlazaTasks;
  tickets: PlazaTickets;
  knowledge: KnowledgeApi;
  docs: DocsApi;
}

export type CapabilityName = keyof CapabilityMap;
export type CapabilityFactory<K extends CapabilityName> = (context: CapabilityContext) => CapabilityMap[K];

/** The entry point that registers each capability, for the error when it is missing. */
export const CAPABILITY_ENTRIES: Record<CapabilityName, string> = {
  chat: '@plaza/sdk/chat',
  presence: '@plaza/sdk/presence',
  files: '@plaza/sdk/files',
  tasks: '@plaza/sdk/tasks',
  tickets: '@plaza/sdk/tickets',
  knowledge: '@plaza/sdk/knowledge',
  docs: '@plaza/sdk/docs',
};

type Registry = Map<CapabilityName, CapabilityFactory<CapabilityName>>;

/**
 * Shared by every copy of the SDK on a page (as the elements' context key is), so a
 * capability that a lazily loaded chunk registers serves a client another copy created.
 */
const REGISTRY_KEY = Symbol.for('plaza.sdk.capabilities');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: Registry };

function registry(): Registry {
  const global = globalThis as GlobalWithRegistry;
  global[REGISTRY_KEY] ??= new Map<CapabilityName, CapabilityFactory<CapabilityName>>();
  return global[REGISTRY_KEY];
}

/**
 * Makes a capability available to every client, existing or future. `@plaza/sdk` registers
 * them all; `@plaza/sdk/core` registers none, so a bundle pays only for what it imports.
 *
 * @example
 * registerCapability('presence', ({ connection }) => new PresenceTracker(connection));
 */
export function registerCapability<K extends CapabilityName>(name: K, factory: CapabilityFactory<K>): void {
  if (!registry().has(name)) registry().set(name, factory);
}

/** The factory registered for `name`, if any. */
export function capabilityFactory<K extends CapabilityName>(name: K): CapabilityFactory<K> | undefined {
  return registry().get(name) as CapabilityFactory<K> | undefined;
}

/** The names registered so far. */
export function registeredCapabilities(): CapabilityName[] {
  return [...registry().keys()];
}
