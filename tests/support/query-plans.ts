import Sqlite from 'better-sqlite3';

/**
 * Watches the SQL a test makes SQLite prepare, and asks SQLite how it would run each statement
 * (EXPLAIN QUERY PLAN, with every parameter bound to null: without statistics, which the store never
 * gathers, SQLite's plan does not depend on the values). A suite that drives the commands through the
 * real store can then check that none of them reads a whole table, with the plans the bot really gets.
 */
export interface PlannedStatement {
  sql: string;
  /** The plan's lines, as SQLite prints them (`SEARCH b USING INDEX …`, `SCAN q`, …). */
  plan: string[];
  /** Lines that read a table end to end: `SCAN t` with no index, on a table rather than a subquery's result. */
  fullScans: string[];
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

export function watchSqlitePlans() {
  const seen = new Map<string, PlannedStatement>();
  const proto = Sqlite.prototype as unknown as { prepare: (this: Sqlite.Database, sql: string) => Sqlite.Statement };
  const original = proto.prepare;
  proto.prepare = function prepare(this: Sqlite.Database, text: string) {
    const stmt = original.call(this, text);
    if (!seen.has(text) && !/^\s*(explain|pragma|create|drop|alter|begin|commit|rollback|savepoint|release)\b/i.test(text)) {
      const explain = original.call(this, `EXPLAIN QUERY PLAN ${text}`);
      const rows = explain.all(...Array.from({ length: parameterCount(text) }, () => null)) as PlanRow[];
      seen.set(text, { sql: text, plan: rows.map((r) => r.detail), fullScans: fullScans(rows) });
    }
    return stmt;
  };
  return {
    statements: () => [...seen.values()],
    /** Statements with a line that reads a table end to end. */
    fullScans: () => [...seen.values()].filter((s) => s.fullScans.length > 0).map((s) => ({ sql: s.sql, scans: s.fullScans })),
    stop() {
      proto.prepare = original;
    },
  };
}

/**
 * `SCAN briefs` or `SCAN b`, but not `SCAN b USING INDEX …`, a virtual table's scan, nor the scan of a
 * subquery's result: SQLite names that by the subquery's alias (`SCAN hits`), with the subquery's own
 * plan under a `CO-ROUTINE hits` or `MATERIALIZE hits` line elsewhere in the tree.
 */
function fullScans(rows: PlanRow[]): string[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const within = (row: PlanRow, ancestor: PlanRow) => {
    for (let p = byId.get(row.parent); p; p = byId.get(p.parent)) if (p === ancestor) return true;
    return false;
  };
  return rows
    .filter((row) => {
      const m = /^SCAN (\S+)$/.exec(row.detail);
      if (!m || m[1] === 'CONSTANT') return false;
      const derived = rows.find((r) => new RegExp(`^(CO-ROUTINE|MATERIALIZE) ${m[1]}$`).test(r.detail));
      return !(derived && !within(row, derived));
    })
    .map((row) => row.detail);
}

/** The `?` placeholders of a statement, outside its quoted strings and names. */
function parameterCount(text: string): number {
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '?') n++;
  }
  return n;
}
