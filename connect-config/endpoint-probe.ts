import net from 'node:net';

/** The system a connector talks to, as its config names it. */
export interface ConnectorEndpoint {
  readonly what: string;
  readonly host: string;
  readonly port: number;
}

/**
 * The database a connector config points at: Debezium sources name it with
 * database.hostname and database.port, JDBC sinks with a jdbc: connection.url.
 */
export function connectorEndpoint(config: Readonly<Record<string, string>>): ConnectorEndpoint | undefined {
  const host = config['database.hostname'];
  if (host !== undefined) return { what: 'database', host, port: Number(config['database.port'] ?? '3306') };
  const url = config['connection.url'];
  const parsed = url === undefined ? null : /^jdbc:[a-z]+:\/\/([^/:?]+)(?::(\d+))?/.exec(url);
  if (parsed === null) return undefined;
  return { what: 'database', host: parsed[1]!, port: Number(parsed[2] ?? '5432') };
}

/**
 * Whether a TCP connection to the endpoint opens, from where this process runs:
 * a source connector whose database went away can stay RUNNING while it retries
 * (Debezium's binlog client reconnects in the background), so its state alone
 * does not say that it is stuck. Resolves with the error code, or null when reachable.
 */
export function probeEndpoint(endpoint: ConnectorEndpoint, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const done = (result: string | null): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
