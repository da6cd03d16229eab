import type { Migration } from 'kysely';
import * as foundation from './20261122T0500-foundation.js';
import * as chat from './20261122T0600-chat.js';

/**
 * Every migration, by name; names sort in the order they run. Listed statically so the
 * same list works from TypeScript sources and from the built `dist`.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0500-foundation': foundation,
  '20261122T0600-chat': chat,
};
