import { resolveConnections } from '../../../config/connections.ts';
import { CDC_TABLES, cdcTopics, changeTopicSpecs, type CdcTable, type CdcTopicNames } from '../../../processors/mysql-cdc/cdc-topics.ts';
import { DELETE_LINEAGE_HEADER, mysqlCdcProcessors } from '../../../processors/mysql-cdc/mysql-cdc-processor.ts';
import { ProcessorHost } from '../../../processors/runtime/processor-host.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import type { BronzeRecords, Lineage } from '../../../schemas/generated/bronze-types.ts';
import { bronzeSerde } from '../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import type { Consumer } from '../../../transport/transport.ts';
import { hex } from '../connectors/connectors-kit.ts';

/** One bronze record of a captured table as a test sees it: a row's version, or a delete with its lineage. */
export type BronzeEntry<T extends CdcTable> = { readonly key: string; readonly record: BronzeRecords[T] } | { readonly key: string; readonly deleted: Lineage };

/**
 * The MySQL adapter (processors/mysql-cdc) run by the processor runtime on Kafka,
 * from one test connector's change topics into bronze topics of the test's own,
 * and a reader of everything it wrote.
 */
export class CdcPipeline {
  readonly names: CdcTopicNames;
  private readonly bronze: Record<CdcTable, BronzeEntry<CdcTable>[]> = { categories: [], cities: [] };
  private readonly registry = registryClient(resolveConnections().registry);
  private readonly serde = bronzeSerde(this.registry);
  private failure: unknown;

  private constructor(
    database: string,
    changeTopicPrefix: string,
    private readonly transport: KafkaTransport,
    private host: ProcessorHost | undefined,
    private reader: Consumer | undefined,
  ) {
    this.names = { database, changeTopicPrefix, topicPrefix: `test.cdc.${hex()}.` };
  }

  static async start(database: string, changeTopicPrefix: string): Promise<CdcPipeline> {
    const transport = await KafkaTransport.open({ kafka: resolveConnections().kafka });
    const pipeline = new CdcPipeline(database, changeTopicPrefix, transport, undefined, undefined);
    await registerSchemas(pipeline.registry, contractSubjects());
    await transport.ensureTopics(changeTopicSpecs(pipeline.names));
    await pipeline.startAdapter();
    pipeline.reader = await transport.consumer({ groupId: `test.cdc-reader.${hex()}`, topics: CDC_TABLES.map((table) => cdcTopics(table, pipeline.names).bronze) });
    return pipeline;
  }

  /** (Re)starts the adapters; they resume from their committed positions. */
  async startAdapter(): Promise<void> {
    this.host = await ProcessorHost.start(mysqlCdcProcessors({ registry: this.registry, partitions: 1, ...this.names }), {
      transport: this.transport,
      registry: this.registry,
      namespace: this.names.topicPrefix ?? '',
    });
    this.host.done.catch((error: unknown) => (this.failure = error));
  }

  /** Everything in bronze for the table so far, in the order written. */
  async entries<T extends CdcTable>(table: T): Promise<readonly BronzeEntry<T>[]> {
    if (this.failure !== undefined) throw this.failure;
    for (;;) {
      const batch = await this.reader!.poll(1000, 100);
      if (batch.length === 0) break;
      for (const record of batch) {
        const entity = CDC_TABLES.find((t) => cdcTopics(t, this.names).bronze === record.topic)!;
        const key = record.key?.toString('utf8') ?? '';
        const header = record.headers[DELETE_LINEAGE_HEADER];
        this.bronze[entity].push(
          record.value === null ? { key, deleted: JSON.parse(header ?? 'null') as Lineage } : { key, record: await this.serde.deserialize(entity, record.value) },
        );
      }
    }
    return this.bronze[table] as BronzeEntry<T>[];
  }

  /** Polls bronze until `check` holds for the table's entries, up to `timeoutMs`; returns whether it did (throws if an adapter failed). */
  async until<T extends CdcTable>(table: T, timeoutMs: number, check: (entries: readonly BronzeEntry<T>[]) => boolean): Promise<boolean> {
    const held = await waitUntil(async () => check(await this.entries(table)), timeoutMs, 100);
    if (this.failure !== undefined) throw this.failure;
    return held;
  }

  /** Stops the adapters and deletes the bronze and dead-letter topics (the change topics are the connector's: TestConnectorFolder.remove). */
  async stop(): Promise<void> {
    await this.host?.stop();
    await this.reader?.close();
    await this.transport.deleteTopics(CDC_TABLES.flatMap((table) => [cdcTopics(table, this.names).bronze, cdcTopics(table, this.names).deadLetters]));
    await this.transport.close();
  }
}

/** The versions of `key` in bronze, latest last: a row's record, or null for a delete. */
export function versionsOf<T extends CdcTable>(entries: readonly BronzeEntry<T>[], key: string): (BronzeRecords[T] | null)[] {
  return entries.filter((entry) => entry.key === key).map((entry) => ('record' in entry ? entry.record : null));
}
