import path from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import { BlobSource } from '../connectors/blob-source/blob-source.ts';
import { CartCatalog } from '../generator/carts-api/cart-catalog.ts';
import { CartsApiServer } from '../generator/carts-api/carts-api-server.ts';
import { CartsSource } from '../connectors/carts-source/carts-source.ts';
import type { RowCounts } from '../connectors/contract/source-metrics.ts';
import { sourceSerde } from '../connectors/contract/source-serde.ts';
import { FileSource } from '../connectors/file-source/file-source.ts';
import type { Connections } from '../config/connections.ts';
import { pipelineProcessors } from '../processors/pipeline-processors.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { ProcessorHost } from '../processors/runtime/processor-host.ts';
import type { BronzeEntity } from '../schemas/bronze-contracts.ts';
import type { Transport } from '../transport/transport.ts';
import { startWarehouseSink, type WarehouseSink } from '../warehouse/sink/warehouse-sink.ts';
import { uploadDatasetBlobs } from './blob-upload.ts';
import { cartsFolderOf } from './dataset-folder.ts';
import { stepEvent, type PipelineEventSink } from './pipeline-events.ts';
import type { Startup } from './startup.ts';

// Topics the pipeline creates get this many partitions: enough to show keyed ordering at work, few for one machine.
export const PIPELINE_PARTITIONS = 3;
// A demo wants files read as soon as they are written, and new blobs and carts seen within a second or two.
const SETTLE_MS = 200;
const FINISH_MS = 1500;
const POLL_MS = 1000;

/** Anything that counts, per bronze entity, the rows it has read, produced and dead-lettered. */
export interface BronzeCounter {
  snapshot(): { readonly entities: Partial<Record<BronzeEntity, RowCounts>> };
  /** Settles when the source has finished or stopped; rejects with the error that stopped it. */
  readonly done?: Promise<void>;
}

/** The sources of a pipeline run, each with its own snapshot of rows read, produced and dead-lettered. */
export interface PipelineSources {
  readonly file: FileSource;
  readonly blob: BlobSource;
  readonly carts: CartsSource;
  /** The operational database: its snapshot in embedded mode, Debezium's change events through their adapters in stack mode. */
  readonly mysql: BronzeCounter;
}

/** A running pipeline, in either mode: what the CLI, the live board and the dashboard look at. */
/** What the run needs of the warehouse sink: the TypeScript sink, or (stack mode) the JDBC sink connectors watched from Kafka. */
export type PipelineSink = Pick<WarehouseSink, 'done' | 'snapshot' | 'settled' | 'stop'>;

export interface RunningPipeline {
  readonly transport: Transport;
  readonly registry: Client;
  readonly connections: Connections;
  readonly sources: PipelineSources;
  readonly cartsApi: CartsApiServer;
  readonly processors: ProcessorHost;
  readonly sink: PipelineSink;
  /** The landing folder the file source watches. */
  readonly landing: string;
  stop(): Promise<void>;
}

export interface PipelinePartsOptions {
  readonly transport: Transport;
  readonly registry: Client;
  readonly connections: Connections;
  /** A folder in the dataset layout (`medallion generate` writes one): landing/, blobs/, mysql/, api/, each optional. */
  readonly dataset: string;
  /** The folder the file source watches and empties (it archives what it has read); default `<dataset>/landing`. */
  readonly landing?: string;
  /** Where the file source archives and quarantines CSVs. */
  readonly workDir: string;
  /** Processors the host runs beside silver and gold (stack mode: the MySQL change-event adapters). */
  readonly extraProcessors?: readonly Processor[];
  /** Starts the warehouse sink once the processors have created the topics; default the TypeScript sink. */
  readonly sink?: () => Promise<PipelineSink>;
  readonly emit: PipelineEventSink;
}

/** What both modes run alike: the processors, the warehouse sink, the carts API and the file, blob and carts sources. */
export type PipelineParts = Omit<RunningPipeline, 'transport' | 'registry' | 'connections' | 'sources' | 'stop'> & {
  readonly sources: Omit<PipelineSources, 'mysql'>;
};

/**
 * Starts the parts of the pipeline both modes share, in the order that loses
 * nothing: the processors and the sink first (they create the topics they read),
 * then the dataset's blobs and carts are published, then the sources start.
 * Each part is registered with `startup`, which stops them on failure or at the end.
 */
export async function startPipelineParts(startup: Startup, options: PipelinePartsOptions): Promise<PipelineParts> {
  const { transport, registry, connections, dataset, emit } = options;
  const serde = sourceSerde(registry);

  emit(stepEvent('starting the silver and gold processors and the warehouse sink'));
  const processors = await startup.add(
    () =>
      ProcessorHost.start([...(options.extraProcessors ?? []), ...pipelineProcessors({ registry, partitions: PIPELINE_PARTITIONS })], {
        transport,
        registry,
        inputPartitions: PIPELINE_PARTITIONS,
        onEvent: (event) => emit({ part: 'processors', event }),
      }),
    (host) => host.stop(),
  );
  const sink = await startup.add(
    options.sink ?? (() => startWarehouseSink({ transport, registry, warehouseUrl: connections.warehouseUrl, onEvent: (event) => emit({ part: 'sink', event }) })),
    (s) => s.stop(),
  );

  emit(stepEvent(`uploading the dataset's blobs to Azurite (container ${connections.azure.container}) and serving its carts`));
  await uploadDatasetBlobs(connections.azure.connectionString, connections.azure.container, path.join(dataset, 'blobs'));
  // A dataset without carts still gets its API, empty, so orders added later arrive the same way.
  const catalog = cartsFolderOf(dataset) === undefined ? new CartCatalog() : await CartCatalog.fromDataset(dataset);
  const cartsApi = await startup.add(() => CartsApiServer.start({ catalog }), (api) => api.close());

  emit(stepEvent('starting the sources'));
  const landing = options.landing ?? path.join(dataset, 'landing');
  const file = await startup.add(
    () =>
      FileSource.start({
        landing,
        archive: path.join(options.workDir, 'archive'),
        quarantine: path.join(options.workDir, 'quarantine'),
        settleMs: SETTLE_MS,
        finishMs: FINISH_MS,
        transport,
        serde,
        partitions: PIPELINE_PARTITIONS,
        onEvent: (event) => emit({ part: 'file-source', event }),
      }),
    (s) => s.stop(),
  );
  const blob = await startup.add(
    () =>
      BlobSource.start({
        connectionString: connections.azure.connectionString,
        container: connections.azure.container,
        transport,
        serde,
        pollMs: POLL_MS,
        partitions: PIPELINE_PARTITIONS,
        onEvent: (event) => emit({ part: 'blob-source', event }),
      }),
    (s) => s.stop(),
  );
  const carts = await startup.add(
    () => CartsSource.start({ url: cartsApi.url, transport, serde, pollMs: POLL_MS, partitions: PIPELINE_PARTITIONS, onEvent: (event) => emit({ part: 'carts-source', event }) }),
    (s) => s.stop(),
  );
  return { processors, sink, cartsApi, landing, sources: { file, blob, carts } };
}
