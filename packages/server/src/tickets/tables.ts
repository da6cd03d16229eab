/**
 * A ticket. Ids are UUIDv7 with every non-time bit random (`unguessableId`), so knowing
 * one ticket's id says nothing about another's. Times are epoch milliseconds.
 */
export interface TicketsTable {
  tenant_id: string;
  id: string;
  subject: string;
  description: string;
  category: string;
  /** A `TicketStatus`. */
  status: string;
  /** A `TicketPriority`. */
  priority: string;
  /** JSON Record<string, string>: custom field values. */
  fields: string;
  /** JSON Attachment[]: files filed with the ticket itself. */
  attachments: string;
  /** Internal user id of the customer: a signed-in customer, or the contact a public ticket made. */
  customer_id: string;
  /** A `TicketSource`. */
  source: string;
  /** SHA-256 (hex) of the public access token; null for tickets filed by signed-in customers. */
  access_hash: string | null;
  /** Internal user id of the agent working on it. */
  assignee_id: string | null;
  /** The customer's idempotency key; unique per customer. */
  client_id: string | null;
  created_at: number;
  updated_at: number;
  first_response_due: number;
  first_responded_at: number | null;
  first_response_breached: number;
  resolution_due: number;
  resolution_breached: number;
  resolved_at: number | null;
  closed_at: number | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: number | null;
  /** Messages and internal notes; public ones alone in `public_count`. */
  message_count: number;
  public_count: number;
  version: number;
}

export interface TicketMessagesTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  /** Internal user id; null for messages the system writes. */
  author_id: string | null;
  /** `customer`, `agent` or `system`. */
  author_kind: string;
  /** The author's name when written, shown to the customer instead of any id. */
  author_name: string;
  /** `public` or `internal`. */
  visibility: string;
  text: string;
  /** JSON Attachment[]. */
  attachments: string;
  /** The author's idempotency key; unique per author. */
  client_id: string | null;
  created_at: number;
}

/** Where a category queue's round-robin assignment stands (rotation.ts). */
export interface TicketRotationsTable {
  tenant_id: string;
  category: string;
  /** Internal user id of the agent assigned last. */
  last_agent_id: string | null;
  /** Tickets that went through the rotation. */
  turns: number;
  updated_at: number;
}

export interface TicketTables {
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_rotations: TicketRotationsTable;
}
