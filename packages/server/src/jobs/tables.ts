export interface OutboxTable {
  tenant_id: string;
  id: string;
  kind: string;
  /** JSON */
  payload: string;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  /** 'pending' | 'done' | 'dead' */
  state: string;
  created_at: number;
  finished_at: number | null;
}

/** Keys of effects already made, so a re-run job does not make them twice. */
export interface JobEffectsTable {
  tenant_id: string;
  key: string;
  created_at: number;
}

export interface JobTables {
  outbox: OutboxTable;
  job_effects: JobEffectsTable;
}
