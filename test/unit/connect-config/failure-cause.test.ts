import { describe, expect, it } from 'vitest';
import { connectorEndpoint } from '../../../connect-config/endpoint-probe.ts';
import { failureCause } from '../../../connect-config/failure-cause.ts';

// The head of a trace Debezium's MariaDB task left when its database was down.
const trace = [
  'io.debezium.DebeziumException: Error reading MySQL variables: Socket fail to connect to 127.0.0.1:23399. Connection refused',
  '\tat io.debezium.connector.binlog.jdbc.BinlogConnectorConnection.querySystemVariables(BinlogConnectorConnection.java:614)',
  'Caused by: java.sql.SQLNonTransientConnectionException: Socket fail to connect to 127.0.0.1:23399. Connection refused',
  '\tat org.mariadb.jdbc.client.impl.ConnectionHelper.connectSocket(ConnectionHelper.java:146)',
  'Caused by: java.net.ConnectException: Connection refused',
  '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
].join('\n');

describe('what a failure shows', () => {
  it('is the root cause of the trace, without package names', () => {
    expect(failureCause(trace)).toBe('ConnectException: Connection refused');
  });

  it('is the first line when nothing caused it', () => {
    expect(failureCause('org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler\n\tat x(Y.java:1)')).toBe('ConnectException: Tolerance exceeded in error handler');
  });
});

describe('the database a connector uses', () => {
  it('is database.hostname and database.port for Debezium sources, and the host of a JDBC URL for sinks', () => {
    expect(connectorEndpoint({ 'database.hostname': 'db', 'database.port': '3307' })).toEqual({ what: 'database', host: 'db', port: 3307 });
    expect(connectorEndpoint({ 'connection.url': 'jdbc:postgresql://pg.internal:6432/dw?ssl=true' })).toEqual({ what: 'database', host: 'pg.internal', port: 6432 });
    expect(connectorEndpoint({ 'connection.url': 'jdbc:postgresql://pg.internal/dw' })?.port).toBe(5432);
    expect(connectorEndpoint({ file: '/tmp/x' })).toBeUndefined();
  });
});
