import type { ConnectClient } from '../connect-config/connect-client.ts';
import type { ConnectorStatus } from '../dashboard/pipeline-status.ts';

/** The Pipeline page's view of the named connectors as Connect reports them; a name Connect does not run is left out. */
export async function connectorStates(connect: ConnectClient, names: readonly string[]): Promise<ConnectorStatus[]> {
  const statuses = await Promise.all(names.map((name) => connect.status(name)));
  return statuses.flatMap((s) => (s === undefined ? [] : [{ name: s.name, type: s.type ?? 'source', state: s.connector.state, tasks: s.tasks.map((t) => ({ id: t.id, state: t.state, ...(t.trace === undefined ? {} : { trace: t.trace }) })) }]));
}
