import type { Migration } from 'kysely';
import * as foundation from './20261122T0500-foundation.js';
import * as chat from './20261122T0600-chat.js';
import * as tasks from './20261122T0700-tasks.js';
import * as chatPartialIndexes from './20261122T0800-chat-partial-indexes.js';
import * as tickets from './20261123T0100-tickets.js';
import * as userDepartments from './20261123T0200-user-departments.js';
import * as audienceRevs from './20261123T0300-audience-revs.js';
import * as knowledge from './20261123T0400-knowledge.js';
import * as ticketRotations from './20261123T0410-ticket-rotations.js';
import * as docs from './20261123T0500-docs.js';
import * as usersByKind from './20261123T0600-users-by-kind.js';

/**
 * Every migration, by name; names sort in the order they run. Listed statically so the
 * same list works from TypeScript sources and from the built `dist`.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0500-foundation': foundation,
  '20261122T0600-chat': chat,
  '20261122T0700-tasks': tasks,
  '20261122T0800-chat-partial-indexes': chatPartialIndexes,
  '20261123T0100-tickets': tickets,
  '20261123T0200-user-departments': userDepartments,
  '20261123T0300-audience-revs': audienceRevs,
  '20261123T0400-knowledge': knowledge,
  '20261123T0410-ticket-rotations': ticketRotations,
  '20261123T0500-docs': docs,
  '20261123T0600-users-by-kind': usersByKind,
};
