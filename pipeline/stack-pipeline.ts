import path from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import type { ConnectorStatus } from '../dashboard/pipeline-status.ts';
import { resolveConnections, type Connections } from '../config/connections.ts';
import { ConnectClient } from '../connect-config/connect-client.ts';
import { applyConnectors } from '../connect-config/connector-apply.ts';
import { loadConnectorSpecs, type ConnectorSpec } from '../connect-config/connector-files.ts';
import { placeholderValues } from '../connect-config/placeholders.ts';
import { CDC_TABLES, changeTopicSpecs, type CdcTable, type CdcTopicNames } from '../processors/mysql-cdc/cdc-topics.ts';
import { mysqlCdcProcessor } from '../processors/mysql-cdc/mysql-cdc-processor.ts';
import { pipelineProcessors } from '../processors/pipeline-processors.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { GOLD_TABLE_NAMES, layerContracts } from '../schemas/layer-contracts.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { stackContext, stackUp } from '../stack/stack.ts';
import { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { cdcCounter } from './cdc-counter.ts';
import { ConnectSinks } from './connect-sinks.ts';
import { connectorStates } from './connector-states.ts';
import { loadOperationalDump } from './operational-load.ts';
import { stepEvent, type PipelineEventSink } from './pipeline-events.ts';
import { PIPELINE_PARTITIONS, startPipelineParts, type RunningPipeline } from './pipeline-parts.ts';
import { pipelineTopicNames } from './pipeline-topics.ts';
import { resetStackPipeline } from './stack-reset.ts';
import { Startup } from './startup.ts';
import { withWarehouse } from './warehouse-connection.ts';

/** The connector file (connect-config/<name>.json) of Debezium's MariaDB source. */
export const CDC_CONNECTOR = 'mysql-cdc';
// Debezium's first snapshot includes connecting to MariaDB and creating its topics: slow on a busy machine.
const CONNECTOR_TIMEOUT_MS = 180_000;
// The key of the connector's config that names the topic of its table schemas, reset with its offsets.
const SCHEMA_HISTORY_KEY = 'schema.history.internal.kafka.topic';

/** The JDBC sink connectors (connect-config/<name>.json) that write the warehouse, and the topics each reads. */
export const SINK_TOPICS = {
  'warehouse-gold-sink': GOLD_TABLE_NAMES.map((table) => `gold.${table}`),
  'warehouse-silver-sink': layerContracts('silver').map((c) => c.topic),
} as const;
type SinkConnector = keyof typeof SINK_TOPICS;

export interface StackPipelineOptions {
  /** A generated dataset (`medallion generate`): landing/, blobs/, mysql/, api/. */
  readonly dataset: string;
  /** Where the pipeline keeps its own files: archived and quarantined CSVs. */
  readonly workDir: string;
  readonly onEvent?: PipelineEventSink;
}

/** The pipeline on the local stack, with Kafka Connect's connectors it applied. */
export interface StackPipeline extends RunningPipeline {
  /** Connect's view of the connectors the pipeline runs, for the dashboard. */
  connectors(): Promise<ConnectorStatus[]>;
}

/** The local stack made ready for a run: its services, contracts, warehouse, a clean slate and the dataset's operational tables. */
export interface PreparedStack {
  readonly transport: KafkaTransport;
  readonly registry: Client;
  readonly connections: Connections;
  readonly connect: ConnectClient;
  /** Debezium's MariaDB source, applied once the pipeline's parts run. */
  readonly cdcConnectors: readonly ConnectorSpec[];
  /** The JDBC sink connectors with the topics each reads. */
  readonly sinks: readonly { readonly spec: ConnectorSpec; readonly topics: readonly string[] }[];
  /** The MySQL change-event adapters per table. */
  readonly adapters: readonly (readonly [CdcTable, Processor])[];
}

/**
 * Everything a stack run does before its parts start: the local stack's services
 * (started when not running), the contracts in its registry, the warehouse
 * migrated, the previous run's state cleared (./stack-reset.ts), and the
 * dataset's operational tables loaded into MariaDB, their change topics made.
 * `medallion up` runs the parts in its own process; the chaos run as processes of their own.
 */
export async function prepareStackPipeline(startup: Startup, dataset: string, emit: PipelineEventSink): Promise<PreparedStack> {
  emit(stepEvent('starting the local stack (medallion stack up)'));
  await stackUp(stackContext((event) => emit({ part: 'stack', event })));

  const connections = resolveConnections();
  const registry = registryClient(connections.registry);
  emit(stepEvent('registering the contracts in the schema registry'));
  await registerSchemas(registry, contractSubjects());
  emit(stepEvent('migrating the warehouse'));
  await withWarehouse(connections.warehouseOwnerUrl, migrateWarehouse);

  const transport = await startup.add(() => KafkaTransport.open({ kafka: connections.kafka }), (t) => t.close());
  const connect = new ConnectClient(connections.connectUrl);
  const placeholders = placeholderValues(connections);
  const specs = loadConnectorSpecs(placeholders);
  const cdcConnectors = specs.filter((spec) => spec.name === CDC_CONNECTOR);
  const sinks = specs.filter((spec) => spec.name in SINK_TOPICS).map((spec) => ({ spec, topics: SINK_TOPICS[spec.name as SinkConnector] }));
  // Any other connector of the files that runs (the sinks of a previous run) would write into the warehouse being cleared.
  const present = new Set(await connect.connectors());
  const previous = specs.filter((spec) => spec.name === CDC_CONNECTOR || present.has(spec.name));
  const cdcNames: CdcTopicNames = { database: placeholders['mysql.database'] };
  const adapters = CDC_TABLES.map((table) => [table, mysqlCdcProcessor(table, { registry, partitions: PIPELINE_PARTITIONS, ...cdcNames })] as const);
  const schemaHistory = cdcConnectors.flatMap((spec) => spec.config[SCHEMA_HISTORY_KEY] ?? []);

  await resetStackPipeline({
    connect,
    connectors: previous,
    transport,
    topics: pipelineTopicNames([...adapters.map(([, p]) => p), ...pipelineProcessors({ registry, partitions: PIPELINE_PARTITIONS })], schemaHistory),
    warehouseUrl: connections.warehouseUrl,
    azure: connections.azure,
    connectorTimeoutMs: CONNECTOR_TIMEOUT_MS,
    emit,
  });

  emit(stepEvent(`loading the dataset's operational tables into MariaDB (${placeholders['mysql.database']})`));
  await loadOperationalDump(connections.mysqlUrl, path.join(dataset, 'mysql', 'operational.sql'));

  // One partition per change topic, created before the adapters read them: a change's offset is its sequence.
  await transport.ensureTopics(changeTopicSpecs(cdcNames));
  return { transport, registry, connections, connect, cdcConnectors, sinks, adapters };
}

/** Applies Debezium's MariaDB source and waits until it runs. */
export async function applyCdcConnector(prepared: PreparedStack, emit: PipelineEventSink): Promise<void> {
  emit(stepEvent(`applying the connectors (${prepared.cdcConnectors.map((c) => c.name).join(', ')}) and waiting until they run`));
  await applyConnectors(prepared.connect, prepared.cdcConnectors, { timeoutMs: CONNECTOR_TIMEOUT_MS, onEvent: (event) => emit({ part: 'connectors', event }) });
}

/**
 * The whole pipeline in stack mode: the stack prepared (prepareStackPipeline),
 * its blobs in Azurite and carts on a local API; the TypeScript sources,
 * Debezium's adapters and the silver and gold processors on Kafka; and the
 * warehouse written by Debezium's JDBC sink connectors (./connect-sinks.ts).
 */
export async function startStackPipeline(options: StackPipelineOptions): Promise<StackPipeline> {
  const emit = options.onEvent ?? (() => {});
  const startup = new Startup();
  try {
    const prepared = await prepareStackPipeline(startup, options.dataset, emit);
    const { transport, registry, connections, connect, sinks, adapters } = prepared;
    const parts = await startPipelineParts(startup, {
      transport,
      registry,
      connections,
      dataset: options.dataset,
      workDir: options.workDir,
      extraProcessors: adapters.map(([, p]) => p),
      sink: () => {
        emit(stepEvent(`applying the JDBC sink connectors (${sinks.map((s) => s.spec.name).join(', ')}) and waiting until they run`));
        return ConnectSinks.start(connect, transport, sinks, { timeoutMs: CONNECTOR_TIMEOUT_MS, onEvent: (event) => emit({ part: 'connectors', event }) });
      },
      emit,
    });
    await applyCdcConnector(prepared, emit);

    return {
      ...parts,
      transport,
      registry,
      connections,
      sources: { ...parts.sources, mysql: cdcCounter(parts.processors, new Map(adapters.map(([table, p]) => [table, p.name]))) },
      connectors: () => connectorStates(connect, [...prepared.cdcConnectors, ...sinks.map((s) => s.spec)].map((c) => c.name)),
      stop: () => startup.stopAll(),
    };
  } catch (error) {
    await startup.stopAll();
    throw error;
  }
}
