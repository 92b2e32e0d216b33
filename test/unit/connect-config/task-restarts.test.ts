import { describe, expect, it } from 'vitest';
import { lostConnection } from '../../../connect-config/task-restarts.ts';

// Excerpts of the traces Debezium's JDBC sink tasks fail with (from the Connect worker's log).
const trace = (...causes: string[]): string =>
  [
    'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.',
    '\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:658)',
    ...causes.flatMap((cause) => [`Caused by: ${cause}`, '\tat io.debezium.connector.jdbc.JdbcChangeEventSink.hasTable(JdbcChangeEventSink.java:323)']),
  ].join('\n');

describe('lostConnection', () => {
  it.each([
    ['a restarted PostgreSQL', trace('org.hibernate.exception.JDBCConnectionException: Failed to check for existence of table', 'org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command'), 'PSQLException: FATAL: terminating connection due to administrator command'],
    ['a dropped connection', trace('org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.', 'java.io.EOFException'), 'PSQLException: An I/O error occurred while sending to the backend.'],
    ['an unreachable server', trace('org.postgresql.util.PSQLException: Connection to 127.0.0.1:41433 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.'), 'PSQLException: Connection to 127.0.0.1:41433 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.'],
  ])('names the line of %s', (_, text, line) => {
    expect(lostConnection(text)).toBe(line);
  });

  it('is undefined for a failure no restart cures', () => {
    expect(lostConnection(trace('org.postgresql.util.PSQLException: ERROR: relation "gold.fact_sales" does not exist'))).toBeUndefined();
    expect(lostConnection(trace('org.apache.kafka.connect.errors.DataException: Failed to deserialize data for topic gold.fact_sales'))).toBeUndefined();
  });
});
