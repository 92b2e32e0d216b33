import { setImmediate } from 'node:timers/promises';
import type { Client } from '@confluentinc/schemaregistry';
import { describeOutage } from '../../core/outage.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../../schemas/dlq-contract.ts';
import { partitionKey, type Consumer, type PartitionOffset, type TransactionalProducer } from '../../transport/transport.ts';
import { WarehouseError } from '../warehouse-error.ts';
import { SinkDeadLetters, type Refusal } from './sink-dead-letters.ts';
import type { SinkEvent } from './sink-events.ts';
import { SINK_DEFAULTS, type WarehouseSinkOptions } from './sink-options.ts';
import { readPositions, writePositions } from './sink-positions.ts';
import { assertContractsRegistered, isChange, latestPerKey, RecordDecoder, type TableChange, type UndecodableRecord } from './sink-records.ts';
import { warehouseTopics } from './sink-tables.ts';
import { retrying } from './retrying.ts';
import type { TableCounts } from './table-writer.ts';
import { WarehouseSession } from './warehouse-session.ts';

/** waiting: for the warehouse or Kafka, which did not answer (SinkSnapshot.waitingFor says which, where and since when). */
export const SINK_STATUSES = ['running', 'idle', 'waiting', 'stopped', 'failed'] as const;
export type SinkStatus = (typeof SINK_STATUSES)[number];

export interface SinkSnapshot {
  readonly status: SinkStatus;
  /** While waiting: "waiting for Kafka at 127.0.0.1:9092 since 18:40:12 UTC: <cause>"; else null. */
  readonly waitingFor: string | null;
  readonly records: number;
  readonly batches: number;
  readonly deadLettered: number;
  /** Totals per table (schema.table) since start. */
  readonly tables: Readonly<Record<string, TableCounts>>;
}

interface Settings {
  readonly name: string;
  /** The contracts' topics. */
  readonly topics: readonly string[];
  readonly topicPrefix: string;
  readonly warehouseUrl: string;
  readonly maxBatch: number;
  readonly pollMs: number;
  readonly retry: { readonly firstMs: number; readonly maxMs: number };
  readonly registry: Client;
}

type Decoded = TableChange | UndecodableRecord;

/** Records decoded between two turns of the event loop. */
const DECODE_SLICE = 250;

/**
 * The TypeScript sink of the warehouse: reads silver and gold topics and applies
 * each batch — the rows of every table and the positions after them — in one
 * PostgreSQL transaction, so the warehouse holds every record exactly once
 * whatever crashes. Positions live in meta.sink_positions, not in the consumer
 * group; a restart resumes where the last commit left off. Dead letters go to
 * dlq.warehouse just before the commit (a crash between the two repeats them:
 * at least once).
 */
export class WarehouseSink {
  readonly done: Promise<void>;
  private status: SinkStatus = 'running';
  private waitingFor: string | null = null;
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private readonly totals: Record<string, TableCounts> = {};
  private counters = { records: 0, batches: 0, deadLettered: 0 };
  /** Positions as committed, so a batch writes only the partitions it moved. */
  private readonly committed = new Map<string, bigint>();
  private idleWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  private constructor(
    private readonly settings: Settings,
    private readonly report: (event: SinkEvent) => void,
    private session: WarehouseSession | undefined,
    private readonly consumer: Consumer,
    private readonly producer: TransactionalProducer,
    private readonly decoder: RecordDecoder,
    private readonly deadLetters: SinkDeadLetters,
    resumedFrom: readonly PartitionOffset[],
  ) {
    for (const p of resumedFrom) this.committed.set(partitionKey(p), p.offset);
    this.done = this.run();
    this.done.catch(() => {});
  }

  static async start(options: WarehouseSinkOptions): Promise<WarehouseSink> {
    const settings: Settings = {
      name: options.name ?? SINK_DEFAULTS.name,
      topics: options.topics ?? warehouseTopics(),
      topicPrefix: options.topicPrefix ?? '',
      warehouseUrl: options.warehouseUrl,
      maxBatch: options.maxBatch ?? SINK_DEFAULTS.maxBatch,
      pollMs: options.pollMs ?? SINK_DEFAULTS.pollMs,
      retry: options.retry ?? SINK_DEFAULTS.retry,
      registry: options.registry,
    };
    const report = (event: SinkEvent): void => options.onEvent?.(event);
    const { transport } = options;
    // The warehouse or Kafka may be down at start: wait for them as the running sink would (nothing aborts these waits, so each ends with its result).
    const waiting = async <T>(work: () => Promise<T>): Promise<T> => (await retrying(settings, work, report, new AbortController().signal))!;
    const session = await waiting(() => WarehouseSession.open(settings.warehouseUrl, settings.name, settings.topics, settings.topicPrefix));
    try {
      const topics = [...session.writers.keys()];
      const tables = new Map([...session.writers].map(([topic, writer]) => [topic, writer.table]));
      await waiting(() => assertContractsRegistered(options.registry, tables.values()));
      const resumedFrom = await readPositions(session.client, settings.name, topics);
      const deadLetterTopic = `${settings.topicPrefix}${WAREHOUSE_DLQ_TOPIC}`;
      await waiting(() => transport.ensureTopics([{ name: deadLetterTopic, partitions: 1 }]));
      const consumer = await waiting(() => transport.consumer({ groupId: `medallion.${settings.name}`, topics, startOffsets: async () => resumedFrom }));
      const producer = await waiting(() => transport.producer(`medallion.${settings.name}`)).catch(async (error: unknown) => {
        await consumer.close();
        throw error;
      });
      report({ kind: 'started', sink: settings.name, topics, resumedFrom });
      return new WarehouseSink(settings, report, session, consumer, producer, new RecordDecoder(options.registry, tables), new SinkDeadLetters(options.registry, deadLetterTopic), resumedFrom);
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  snapshot(): SinkSnapshot {
    return { status: this.status, waitingFor: this.waitingFor, ...this.counters, tables: structuredClone(this.totals) };
  }

  /** Resolves once every record up to the topics' ends (as of a moment after the call) is committed to the warehouse; rejects if the sink fails. */
  settled(): Promise<void> {
    if (this.status === 'failed' || this.status === 'stopped') return this.done;
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Stops after the batch in hand (a batch waiting for the warehouse is dropped; its records are read again at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    await this.done.catch(() => {});
  }

  /**
   * Polls and decodes one batch, with the positions after it. The loop starts the
   * next one while the warehouse commits the current one, so decoding and the
   * warehouse's work overlap; its failure surfaces when the loop awaits it.
   */
  private nextBatch(): Promise<Batch> {
    const batch = (async (): Promise<Batch> => {
      // Stopped while Kafka was away: nothing read.
      const records = (await this.waiting(() => this.consumer.poll(this.settings.maxBatch, this.settings.pollMs))) ?? [];
      const positions = this.consumer.positions().filter((p) => this.committed.get(partitionKey(p)) !== p.offset);
      const decoded: Decoded[] = [];
      for (let i = 0; i < records.length; i += DECODE_SLICE) {
        // Between slices the warehouse's replies to the batch being committed are handled, so its next statement is not kept waiting.
        if (i > 0) await setImmediate();
        // The registry away (a schema not cached yet): the slice is decoded again once it answers; stopped meanwhile, the batch is dropped unread.
        const slice = await this.waiting(() => Promise.all(records.slice(i, i + DECODE_SLICE).map((r) => this.decoder.decode(r))));
        if (slice === undefined) return { decoded: [], positions: [] };
        decoded.push(...slice);
      }
      return { decoded, positions };
    })();
    batch.catch(() => {});
    return batch;
  }

  private async run(): Promise<void> {
    const sink = this.settings.name;
    let next: Promise<Batch> | undefined;
    try {
      next = this.nextBatch();
      while (!this.stopping) {
        const { decoded, positions } = await next;
        next = undefined;
        if (this.stopping) break;
        if (decoded.length === 0) {
          await this.checkIdle();
          next = this.nextBatch();
          continue;
        }
        if (this.status === 'idle') this.status = 'running';
        next = this.nextBatch();
        const result = await this.waiting(() => this.commitOrReconnect(decoded, positions));
        if (result === undefined) break;
        for (const p of positions) this.committed.set(partitionKey(p), p.offset);
        this.account(result.records, result.tables, result.refusals);
        const lag = await this.lag();
        if (lag === undefined) break;
        this.report({ kind: 'batch-committed', sink, records: result.records, tables: result.tables, lag });
        // Caught up now, not only after the batch read ahead comes back empty a poll later.
        if (lag === 0) this.becomeIdle();
      }
      this.status = 'stopped';
      this.report({ kind: 'stopped', sink });
    } catch (error) {
      this.status = 'failed';
      const failure = error instanceof WarehouseError ? error : new WarehouseError('sink-failed', `sink ${sink} stopped: ${(error as Error).message}`, 'fix the cause and start the sink again; it resumes from its positions in meta.sink_positions', { cause: error });
      this.report({ kind: 'failed', sink, error: failure });
      for (const waiter of this.idleWaiters.splice(0)) waiter.reject(failure);
      throw failure;
    } finally {
      // A batch read ahead is dropped: its records were not committed, so the next start reads them again.
      await next?.catch(() => {});
      await Promise.allSettled([this.consumer.close(), this.producer.close(), this.session?.close()]);
      for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
    }
  }

  /** commit(), dropping the session after any failure (closing it rolls back and frees the sink's lock for the next one). */
  private async commitOrReconnect(decoded: readonly Decoded[], positions: readonly PartitionOffset[]): Promise<CommitResult> {
    try {
      return await this.commit(decoded, positions);
    } catch (error) {
      const dropped = this.session;
      this.session = undefined;
      await dropped?.close();
      throw error;
    }
  }

  /** One warehouse transaction: the batch's rows, its positions, and (just before) its dead letters. */
  private async commit(decoded: readonly Decoded[], positions: readonly PartitionOffset[]): Promise<CommitResult> {
    let pending = decoded;
    if (this.session === undefined) {
      this.session = await WarehouseSession.open(this.settings.warehouseUrl, this.settings.name, this.settings.topics, this.settings.topicPrefix);
      // The last attempt may have committed before its connection died: skip what the warehouse already has.
      const stored = new Map((await readPositions(this.session.client, this.settings.name, [...this.session.writers.keys()])).map((p) => [partitionKey(p), p.offset]));
      pending = decoded.filter((d) => d.source.offset >= (stored.get(partitionKey(d.source)) ?? 0n));
    }
    const { client, writers } = this.session;
    const refusals: Refusal[] = pending.filter((d): d is UndecodableRecord => !isChange(d)).map((d) => ({ ...d, constraint: 'undecodable', column: null, value: null }));
    const tables: Record<string, TableCounts> = {};
    await client.query('BEGIN');
    for (const [table, changes] of latestPerKey(pending.filter(isChange))) {
      const { counts, refused } = await writers.get(table.topic)!.write(client, changes);
      tables[`${table.layer}.${table.name}`] = counts;
      for (const r of refused) refusals.push({ source: r.change.source, table, constraint: r.constraint, reason: r.message, column: r.column, value: r.value });
    }
    await writePositions(client, this.settings.name, positions);
    if (refusals.length > 0) {
      const letters = await Promise.all(refusals.map((r) => this.deadLetters.letter(r)));
      await this.producer.transaction((tx) => tx.send(letters));
    }
    await client.query('COMMIT');
    return { records: pending.length, tables, refusals };
  }

  private account(records: number, tables: Readonly<Record<string, TableCounts>>, refusals: readonly Refusal[]): void {
    this.counters = { records: this.counters.records + records, batches: this.counters.batches + 1, deadLettered: this.counters.deadLettered + refusals.length };
    for (const [table, counts] of Object.entries(tables)) {
      const total = (this.totals[table] ??= { upserted: 0, deleted: 0, unchanged: 0, refused: 0 });
      total.upserted += counts.upserted;
      total.deleted += counts.deleted;
      total.unchanged += counts.unchanged;
      total.refused += counts.refused;
    }
    for (const r of refusals) {
      const { topic, partition, offset } = r.source;
      this.report({ kind: 'dead-lettered', sink: this.settings.name, table: `${r.table.layer}.${r.table.name}`, topic, partition, offset, constraint: r.constraint, reason: r.reason });
    }
  }

  /**
   * Runs `work` until it succeeds, waiting out the warehouse or Kafka while they
   * do not answer, with the sink's status saying so; undefined if stopped meanwhile.
   */
  private waiting<T>(work: () => Promise<T>): Promise<T | undefined> {
    return retrying(this.settings, work, (event) => {
      if (event.kind === 'waiting') {
        this.status = 'waiting';
        this.waitingFor = describeOutage(event.outage);
      } else if (event.kind === 'resumed' && this.status === 'waiting') {
        this.status = 'running';
        this.waitingFor = null;
      }
      this.report(event);
    }, this.stopSignal.signal);
  }

  /** Records between the committed positions and the ends of the topics (a batch read ahead is not committed yet, so it counts); undefined if stopped while Kafka was away. */
  private async lag(): Promise<number | undefined> {
    const ends = await this.waiting(() => this.consumer.lag());
    return ends?.reduce((sum, p) => sum + Number(p.end - (this.committed.get(partitionKey(p)) ?? 0n)), 0);
  }

  private async checkIdle(): Promise<void> {
    if ((await this.lag()) === 0) this.becomeIdle();
  }

  private becomeIdle(): void {
    if (this.status !== 'idle') this.report({ kind: 'idle', sink: this.settings.name });
    this.status = 'idle';
    for (const waiter of this.idleWaiters.splice(0)) waiter.resolve();
  }
}

interface Batch {
  readonly decoded: readonly Decoded[];
  readonly positions: readonly PartitionOffset[];
}

interface CommitResult {
  readonly records: number;
  readonly tables: Readonly<Record<string, TableCounts>>;
  readonly refusals: readonly Refusal[];
}

export function startWarehouseSink(options: WarehouseSinkOptions): Promise<WarehouseSink> {
  return WarehouseSink.start(options);
}
