/** Append-only: rows are inserted, never updated or deleted by the app. */
export interface AuditTable {
  tenant_id: string;
  id: string;
  /** Host user id, `operator`, `server` or `system`. */
  actor: string;
  action: string;
  target: string;
  /** JSON; never holds secrets or tokens. */
  details: string;
  created_at: number;
}

export interface AuditTables {
  audit: AuditTable;
}
