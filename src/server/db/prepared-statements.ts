// Named prepared statements for the statements a server runs again and again. Kysely sends every
// query unnamed, so PostgreSQL parses and plans it anew each time: measured on a registration
// (log_min_duration_statement = 0, 10 connections), parse and bind took 2.4 ms of its 4.9 ms of
// statement time, more than the statements' execution. Named, a statement is parsed once per
// connection and its plan cached (PostgreSQL keeps custom plans where a generic one would cost
// more, as for `region_code like $1`).
//
// Bounded, because each connection keeps every statement it prepared until it closes: only a text
// seen a few times is named (one-off texts, an IN list of an unusual length, never are), and at
// most `max` texts per process. A text always gets the same name, which pg requires.
import type pg from 'pg';

export interface PreparedStatementOptions {
  /** Most distinct texts named per process (each connection may prepare all of them). */
  max?: number;
  /** Times a text is sent unnamed before it is named. */
  after?: number;
}

/** The texts this pool names, and how often it sent one named. */
export interface PreparedStatements {
  /** text → statement name */
  names: Map<string, string>;
  /** Named statements sent since the pool opened. */
  namedSent(): number;
}

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
// texts still being counted before they are named; cleared when it grows past this (rare texts)
const MAX_COUNTED = 5_000;

export function namePreparedStatements(
  pool: pg.Pool,
  opts: PreparedStatementOptions = {},
): PreparedStatements {
  const max = opts.max ?? 300;
  const after = opts.after ?? 2;
  const names = new Map<string, string>();
  const counts = new Map<string, number>();
  let sent = 0;

  const nameOf = (text: string): string | undefined => {
    const named = names.get(text);
    if (named) return named;
    if (names.size >= max || !PREPARABLE.test(text)) return undefined;
    const seen = (counts.get(text) ?? 0) + 1;
    if (seen <= after) {
      if (counts.size >= MAX_COUNTED) counts.clear();
      counts.set(text, seen);
      return undefined;
    }
    counts.delete(text);
    const name = `y${names.size + 1}`;
    names.set(text, name);
    return name;
  };

  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // only the (text, values) form Kysely uses; cursors, configs and callbacks pass through as they are
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
        const name = nameOf(text);
        if (name) {
          sent += 1;
          return query({ name, text, values });
        }
      }
      return query(...args);
    };
  });
  return { names, namedSent: () => sent };
}
