import type { ConnectClient, ConnectState } from './connect-client.ts';
import { connectorEndpoint, probeEndpoint } from './endpoint-probe.ts';
import { failureCause } from './failure-cause.ts';

/** One connector's state as `medallion connectors status` shows it. */
export interface ConnectorStatusRow {
  readonly connector: string;
  readonly type: string;
  /** The connector's state, or 'ABSENT' for a file whose connector Connect does not run. */
  readonly state: ConnectState | 'ABSENT';
  readonly tasks: readonly { readonly id: number; readonly state: ConnectState }[];
  /** Why it is not working: the root cause of a FAILED connector's or task's trace, or its database not answering. */
  readonly cause: string | null;
  /** RUNNING with every task RUNNING, and its database reachable. */
  readonly healthy: boolean;
}

export async function connectorStatuses(client: ConnectClient, names: readonly string[]): Promise<ConnectorStatusRow[]> {
  return Promise.all(names.map((name) => connectorStatus(client, name)));
}

async function connectorStatus(client: ConnectClient, name: string): Promise<ConnectorStatusRow> {
  const [status, config] = await Promise.all([client.status(name), client.config(name)]);
  if (status === undefined) return { connector: name, type: '', state: 'ABSENT', tasks: [], cause: null, healthy: false };
  const trace = status.connector.trace ?? status.tasks.find((task) => task.state === 'FAILED')?.trace;
  const endpoint = config === undefined ? undefined : connectorEndpoint(config);
  const unreachable = endpoint === undefined ? null : await probeEndpoint(endpoint);
  const running = status.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((task) => task.state === 'RUNNING');
  const cause =
    trace !== undefined
      ? failureCause(trace)
      : unreachable === null || endpoint === undefined
        ? null
        : `${endpoint.what} ${endpoint.host}:${endpoint.port} does not answer (${unreachable}); the connector retries until it is back`;
  return {
    connector: name,
    type: status.type ?? '',
    state: status.connector.state,
    tasks: status.tasks.map((task) => ({ id: task.id, state: task.state })),
    cause,
    healthy: running && unreachable === null,
  };
}
