import type { AuditTables } from './audit/tables.js';
import type { ChatTables } from './chat/tables.js';
import type { DocTables } from './docs/tables.js';
import type { FileTables } from './files/tables.js';
import type { JobTables } from './jobs/tables.js';
import type { KnowledgeTables } from './knowledge/tables.js';
import type { OrgTables } from './org/tables.js';
import type { TaskTables } from './tasks/tables.js';
import type { TicketTables } from './tickets/tables.js';
import type { WebhookTables } from './webhooks/tables.js';

/** Every table of the database, merged from each module's own `tables.ts`. */
export interface Database extends OrgTables, FileTables, JobTables, WebhookTables, AuditTables, ChatTables, TaskTables, TicketTables, KnowledgeTables, DocTables {}
