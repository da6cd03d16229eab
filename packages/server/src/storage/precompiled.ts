import { createQueryId, type Compilable, type QueryResult, type RootOperationNode } from 'kysely';
import type { Db } from './database.js';

/** What a precompiled query's builder sees in place of each named value. */
class Slot {
  constructor(readonly name: string) {}
}

interface Plan {
  sql: string;
  query: RootOperationNode;
  /** Per SQL parameter: the name of the value to bind, or a constant of the builder's own. */
  parameters: readonly unknown[];
}

/**
 * A query built and compiled once per database; every later call only binds its values.
 * Building and compiling a Kysely query costs about as much as SQLite takes to run it, so
 * the statements of hot paths (a chat send, a history page) are written this way.
 *
 * `build` receives stand-ins for the named values and must use each only as a value (a
 * comparison's operand, a column's new value), never compute with it; a value that does
 * not reach the SQL as a parameter is refused when the query is first built.
 *
 * @example
 * const channelById = precompiled((db, v: { tenantId: string; id: string }) =>
 *   db.selectFrom('channels').selectAll().where('tenant_id', '=', v.tenantId).where('id', '=', v.id));
 * const [channel] = (await channelById(trx, { tenantId, id })).rows;
 */
export function precompiled<V extends object, R>(build: (db: Db, values: V) => Compilable<R>): (db: Db, values: V) => Promise<QueryResult<R>> {
  // one plan per Kysely root (a transaction shares its root's adapter), so dialects never mix
  const plans = new WeakMap<object, Plan>();
  return async (db, values) => {
    const key = db.getExecutor().adapter;
    let plan = plans.get(key);
    if (!plan) {
      plan = planOf(db, build, Object.keys(values));
      plans.set(key, plan);
    }
    const parameters = plan.parameters.map((p) => (p instanceof Slot ? (values as Record<string, unknown>)[p.name] : p));
    return db.executeQuery<R>({ sql: plan.sql, query: plan.query, parameters, queryId: createQueryId() });
  };
}

function planOf<V extends object, R>(db: Db, build: (db: Db, values: V) => Compilable<R>, names: readonly string[]): Plan {
  const slots = Object.fromEntries(names.map((name) => [name, new Slot(name)])) as unknown as V;
  const compiled = build(db, slots).compile();
  const used = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.name));
  const unused = names.filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`precompiled query: ${unused.join(', ')} never reach the SQL as parameters`);
  return { sql: compiled.sql, query: compiled.query, parameters: compiled.parameters };
}
