import type { Db } from '../storage/database.js';
import { enqueue } from '../jobs/queue.js';

/** The job kind that checks one SLA target of one ticket at its due time. */
export const TICKET_SLA_JOB = 'ticket.sla';
/** The job kind that closes a resolved ticket once its reopen period has passed. */
export const TICKET_AUTOCLOSE_JOB = 'ticket.autoclose';

export type SlaTarget = 'first_response' | 'resolution';

const MINUTE = 60_000;

/**
 * What an SLA job carries: the due time it was scheduled for. A job whose ticket has
 * another due time by now (a reopen restarted the resolution target), was answered or
 * resolved does nothing, so nothing is ever cancelled in the queue.
 */
export interface SlaPayload {
  ticketId: string;
  target: SlaTarget;
  due: number;
}

/** What an auto-close job carries: the resolution it belongs to (a reopen and a new resolution make a new one). */
export interface AutoclosePayload {
  ticketId: string;
  resolvedAt: number;
}

/** Due times of a ticket filed (or, for the resolution target, reopened) at `at`. */
export function slaDue(at: number, sla: { firstResponseMinutes: number; resolutionMinutes: number }): { firstResponse: number; resolution: number } {
  return { firstResponse: at + sla.firstResponseMinutes * MINUTE, resolution: at + sla.resolutionMinutes * MINUTE };
}

/** Enqueues the check of one target at its due time, with the caller's transaction. */
export async function scheduleSla(trx: Db, tenantId: string, payload: SlaPayload, at: number): Promise<void> {
  await enqueue(trx, { tenantId, kind: TICKET_SLA_JOB, payload, at, runAt: payload.due });
}

export async function scheduleAutoclose(trx: Db, tenantId: string, payload: AutoclosePayload, runAt: number, at: number): Promise<void> {
  await enqueue(trx, { tenantId, kind: TICKET_AUTOCLOSE_JOB, payload, at, runAt });
}

export function isSlaPayload(value: unknown): value is SlaPayload {
  const p = value as Partial<SlaPayload> | null;
  return typeof p?.ticketId === 'string' && typeof p.due === 'number' && (p.target === 'first_response' || p.target === 'resolution');
}

export function isAutoclosePayload(value: unknown): value is AutoclosePayload {
  const p = value as Partial<AutoclosePayload> | null;
  return typeof p?.ticketId === 'string' && typeof p.resolvedAt === 'number';
}
