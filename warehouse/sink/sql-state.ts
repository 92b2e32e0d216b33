/** What a failed statement means for the sink, from its SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export type Failure = 'bad-record' | 'transient' | 'fatal';

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

// pg's own errors for a connection that is gone or never came (they carry no SQLSTATE).
const CONNECTION_LOST = /Connection terminated|not queryable|timeout expired|Connection ended/i;

/**
 * - bad-record: a row broke a constraint or a type's rule (classes 22, 23): the
 *   record is dead-lettered and the sink goes on;
 * - transient: the connection or the server is gone, starting or busy (socket
 *   errors; classes 08, 40, 53, 57P; 55000, a database not accepting
 *   connections), or Kafka is unreachable for now: reconnect and retry;
 * - fatal: anything else (a missing table, a permission, the sink's own refusals): stop and say so.
 */
export function classify(error: unknown): Failure {
  const state = sqlState(error);
  if (state !== undefined) {
    if (state.startsWith('22') || state.startsWith('23')) return 'bad-record';
    if (['08', '40', '53'].includes(state.slice(0, 2)) || state.startsWith('57P') || state === '55000') return 'transient';
    return 'fatal';
  }
  const { code, domain } = error as { code?: unknown; domain?: unknown };
  if (domain === 'transport') return code === 'unavailable' ? 'transient' : 'fatal';
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return 'transient';
  return error instanceof Error && CONNECTION_LOST.test(error.message) ? 'transient' : 'fatal';
}

/** A unique or primary key already held by another row (23505). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** The constraint a bad record broke: PostgreSQL's name for it, else `<table>_<column>_not_null` or the SQLSTATE. */
export function brokenConstraint(error: unknown, table: string): { readonly constraint: string; readonly column: string | null } {
  const { constraint, column, code } = error as { constraint?: string; column?: string; code?: string };
  if (constraint !== undefined && constraint !== '') return { constraint, column: column ?? null };
  if (code === '23502' && column !== undefined) return { constraint: `${table}_${column}_not_null`, column };
  return { constraint: `sqlstate ${code ?? 'unknown'}`, column: column ?? null };
}
