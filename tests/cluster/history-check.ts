/** The checker of the kill -9 cluster test: every client's history against the database's. */

export interface StoredRow {
  id: string;
  seq: number;
  authorId: string;
  clientId: string | null;
}

export interface SeenMessage {
  id: string;
  seq: number;
}

export interface ResolvedSend {
  authorId: string;
  clientId: string;
  /** The id of the stored message the send resolved with. */
  id: string;
}

export interface HistoryReport {
  sent: number;
  stored: number;
  /** Resolved sends missing from the database, plus database messages missing from a client's history. */
  lost: number;
  /** Repeated ids or client ids in the database, repeated ids in a client's history, messages nobody sent. */
  duplicated: number;
  /** Seqs not 1..N ascending in the database, or a client's history not in the database's order. */
  outOfOrder: number;
  problems: string[];
}

const MAX_PROBLEMS = 20;

/**
 * Compares the database's messages of one channel (`rows`, in seq order) with the sends
 * that resolved and with each client's final history.
 */
export function checkHistories(rows: readonly StoredRow[], sends: readonly ResolvedSend[], clients: ReadonlyMap<string, readonly SeenMessage[]>): HistoryReport {
  const report: HistoryReport = { sent: sends.length, stored: rows.length, lost: 0, duplicated: 0, outOfOrder: 0, problems: [] };
  const problem = (text: string) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
  };

  // the database: ids and (author, client id) once each, seqs 1..N without gaps
  const byId = new Map<string, StoredRow>();
  const byClientId = new Map<string, StoredRow>();
  rows.forEach((row, index) => {
    if (byId.has(row.id)) {
      report.duplicated++;
      problem(`database: id ${row.id} stored twice`);
    }
    byId.set(row.id, row);
    if (row.clientId !== null) {
      const key = `${row.authorId}|${row.clientId}`;
      if (byClientId.has(key)) {
        report.duplicated++;
        problem(`database: client id ${key} stored twice (ids ${byClientId.get(key)!.id}, ${row.id})`);
      }
      byClientId.set(key, row);
    }
    if (row.seq !== index + 1) {
      report.outOfOrder++;
      problem(`database: position ${index + 1} holds seq ${row.seq}`);
    }
  });

  // every resolved send stored exactly once, under the id it resolved with
  const sentKeys = new Set<string>();
  for (const send of sends) {
    const key = `${send.authorId}|${send.clientId}`;
    sentKeys.add(key);
    const row = byClientId.get(key);
    if (!row) {
      report.lost++;
      problem(`send ${key} resolved with ${send.id} but is not in the database`);
    } else if (row.id !== send.id) {
      report.duplicated++;
      problem(`send ${key} resolved with ${send.id} but the database holds ${row.id}`);
    }
  }
  if (sentKeys.size !== sends.length) {
    report.duplicated += sends.length - sentKeys.size;
    problem(`${sends.length - sentKeys.size} sends resolved with a client id another send had`);
  }
  for (const row of rows) {
    if (row.clientId === null || !sentKeys.has(`${row.authorId}|${row.clientId}`)) {
      report.duplicated++;
      problem(`database: message ${row.id} (seq ${row.seq}) matches no resolved send`);
    }
  }

  // every client: exactly the database's messages, once each, in its order
  for (const [name, seen] of clients) {
    const ids = new Set<string>();
    let previous = 0;
    for (const message of seen) {
      if (ids.has(message.id)) {
        report.duplicated++;
        problem(`${name}: ${message.id} twice`);
      }
      ids.add(message.id);
      if (!byId.has(message.id)) {
        report.duplicated++;
        problem(`${name}: ${message.id} (seq ${message.seq}) is not in the database`);
      } else if (byId.get(message.id)!.seq !== message.seq) {
        report.outOfOrder++;
        problem(`${name}: ${message.id} has seq ${message.seq}, the database ${byId.get(message.id)!.seq}`);
      }
      if (message.seq <= previous) {
        report.outOfOrder++;
        problem(`${name}: seq ${message.seq} after ${previous}`);
      }
      previous = message.seq;
    }
    for (const row of rows) {
      if (!ids.has(row.id)) {
        report.lost++;
        problem(`${name}: misses ${row.id} (seq ${row.seq})`);
      }
    }
  }
  return report;
}
