import { resolveConnections } from '../../config/connections.ts';
import type { DashboardEvent } from '../../dashboard/dashboard-events.ts';
import { DEFAULT_DASHBOARD_PORT, startDashboard } from '../../dashboard/start-dashboard.ts';
import { kafkaDown, servicesStatusProvider } from '../../pipeline/services-status.ts';
import { registryClient } from '../../schemas/registry-client.ts';
import { goldTracer } from '../../trace/gold-tracer.ts';
import { topicBrowser } from '../../topics/topic-browser.ts';
import { placeholderValues } from '../../connect-config/placeholders.ts';
import { openTransport } from '../../transport/open-transport.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';

const PORT = { min: 0, max: 65_535, fallback: DEFAULT_DASHBOARD_PORT } as const;
const DEFAULT_HOST = '127.0.0.1';

const usage = `usage: medallion dashboard [--port N] [--host ADDRESS]

  --port N          where to serve it (default ${PORT.fallback}; 0 picks a free port)
  --host ADDRESS    the address to listen on (default ${DEFAULT_HOST}, this machine only; 0.0.0.0 for every interface)

Serves the live dashboard of the gold warehouse, read through the BI role
(MEDALLION_WAREHOUSE_BI_URL, default the local stack's PostgreSQL). Pages
refresh by themselves when gold changes. The Pipeline page reads records per
layer, dead letters, consumer lag and connector states from Kafka, the schema
registry and Kafka Connect (MEDALLION_KAFKA_BOOTSTRAP_SERVERS,
MEDALLION_REGISTRY_URL, MEDALLION_CONNECT_URL; default the local stack's).
The Topics page lists the pipeline's topics by layer and shows their records,
decoded through the registry, read from Kafka as each page asks.
Ctrl-C stops it.`;

function printEvent(event: DashboardEvent): void {
  switch (event.kind) {
    case 'listening':
      console.log(`dashboard at ${event.url}`);
      break;
    case 'warehouse':
      if (event.state.state === 'up') console.log(`warehouse ${event.state.warehouse} connected; listening for gold changes`);
      if (event.state.state === 'down') console.error(`warehouse ${event.state.warehouse} unreachable: ${event.state.error ?? 'no answer'} (retrying)`);
      break;
    case 'gold-changed':
      console.log(`gold changed: ${event.tables.length > 0 ? event.tables.join(', ') : 'everything (reconnected)'}`);
      break;
    case 'request-failed':
      console.error(`request ${event.path} failed: ${event.message}`);
      break;
  }
}

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'serve the live web dashboard of the gold warehouse (overview, trends, products, employees, customers, pipeline)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { port: { type: 'string' }, host: { type: 'string' } }, usage);
    noPositionals('dashboard', positionals, usage);
    const port = integerOption('port', values.port, PORT.fallback, PORT.min, PORT.max);
    const connections = resolveConnections();
    const pipelineStatus = servicesStatusProvider({ connections });
    const trace = goldTracer(async () => ({ transport: await openTransport({ kind: 'kafka', kafka: connections.kafka }), registry: registryClient(connections.registry) }), connections.warehouseBiUrl);
    const topics = topicBrowser({
      mode: `stack (Kafka ${connections.kafka.bootstrapServers}, registry ${connections.registry.url})`,
      open: async () => ({ transport: await openTransport({ kind: 'kafka', kafka: connections.kafka }), registry: registryClient(connections.registry) }),
      cdcDatabase: placeholderValues(connections)['mysql.database'],
      unreachable: () => kafkaDown(connections.kafka.bootstrapServers, 'the Topics page reads the topics from it'),
    });
    const dashboard = await startDashboard({ warehouseUrl: connections.warehouseBiUrl, port, host: values.host ?? DEFAULT_HOST, pipelineStatus, trace, topics, onEvent: printEvent });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await dashboard.close();
    await pipelineStatus.close();
    await trace.close();
    await topics.close();
    console.log('dashboard stopped');
    return 0;
  },
};
