import { setTimeout as sleep } from 'node:timers/promises';
import { applyConnectors, type ApplyOptions } from '../connect-config/connector-apply.ts';
import type { ConnectClient } from '../connect-config/connect-client.ts';
import type { ConnectorSpec } from '../connect-config/connector-files.ts';
import { TaskRestarts } from '../connect-config/task-restarts.ts';
import type { Consumer, PartitionOffset, Transport } from '../transport/transport.ts';
import type { SinkSnapshot, SinkStatus } from '../warehouse/sink/warehouse-sink.ts';
import type { PipelineSink } from './pipeline-parts.ts';

const WATCH_MS = 500;
const PROBE_WAIT_MS = 1000;

/** Kafka Connect's default consumer group of a sink connector. */
export const sinkGroup = (connector: string): string => `connect-${connector}`;

/**
 * The Debezium JDBC sink connectors as the pipeline's warehouse sink in stack
 * mode: applied through Connect's REST API, then watched from Kafka — each
 * connector's consumer group's committed offsets against the ends of its
 * topics — so the run knows when the warehouse holds everything. A task that
 * lost its database is restarted with backoff until the database is back
 * (connect-config/task-restarts.ts); one failed for another reason fails the run.
 */
export class ConnectSinks implements PipelineSink {
  readonly done: Promise<void>;
  private status: SinkStatus = 'running';
  private delivered = 0;
  private stopping = false;
  /** Measurements started so far: a waiter is woken only by one that started after it came. */
  private measurements = 0;
  private readonly waiters: { readonly after: number; readonly wake: () => void }[] = [];
  /** The positions a probe last found only commit markers after: nothing has moved since, so no new probe is needed. */
  private markersOnlyAt = '';

  private constructor(
    private readonly connect: ConnectClient,
    private readonly sinks: readonly { readonly spec: ConnectorSpec; readonly topics: readonly string[] }[],
    private readonly transport: Transport,
    private readonly ends: Consumer,
    private readonly restarts: TaskRestarts,
  ) {
    this.done = this.watch();
    this.done.catch(() => {});
  }

  /** Applies the connectors (validated first; waits until they run) and starts watching them; `topics` are the topics each one reads. */
  static async start(
    connect: ConnectClient,
    transport: Transport,
    sinks: readonly { readonly spec: ConnectorSpec; readonly topics: readonly string[] }[],
    options: ApplyOptions,
  ): Promise<ConnectSinks> {
    await applyConnectors(connect, sinks.map((s) => s.spec), options);
    // A consumer that is never polled: its lag() reads the topics' committed ends.
    const ends = await transport.consumer({ groupId: 'medallion.connect-sinks-ends', topics: sinks.flatMap((s) => s.topics) });
    return new ConnectSinks(connect, sinks, transport, ends, new TaskRestarts(connect, options.onEvent ?? (() => {})));
  }

  snapshot(): SinkSnapshot {
    return { status: this.status, waitingFor: null, records: this.delivered, batches: 0, deadLettered: 0, tables: {} };
  }

  /** Resolves at the first measurement begun after the call that finds nothing left to deliver. */
  settled(): Promise<void> {
    return Promise.race([new Promise<void>((wake) => this.waiters.push({ after: this.measurements, wake })), this.done]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.done.catch(() => {});
  }

  private async watch(): Promise<void> {
    try {
      while (!this.stopping) {
        await this.measure();
        await sleep(WATCH_MS);
      }
      this.status = 'stopped';
    } finally {
      await this.ends.close();
    }
  }

  /**
   * A consumer commits the offset after the last record it read, and the end of
   * a transactional topic lies after the last transaction's commit marker, so a
   * caught-up sink looks one behind. Reading from those positions tells a marker
   * (nothing to read) from a record.
   */
  private async onlyMarkersAfter(positions: readonly PartitionOffset[], ends: ReadonlyMap<string, bigint>): Promise<boolean> {
    const probe = await this.transport.consumer({
      groupId: 'medallion.connect-sinks-probe',
      topics: [...new Set(positions.map((p) => p.topic))],
      // The other partitions of those topics start at their ends: nothing to read there.
      startOffsets: async (partitions) =>
        partitions.map((tp) => positions.find((p) => p.topic === tp.topic && p.partition === tp.partition) ?? { ...tp, offset: ends.get(`${tp.topic}/${tp.partition}`) ?? 0n }),
    });
    try {
      return (await probe.poll(1, PROBE_WAIT_MS)).length === 0;
    } finally {
      await probe.close();
    }
  }

  private async measure(): Promise<void> {
    const round = ++this.measurements;
    const ends = new Map((await this.ends.lag()).map((p) => [`${p.topic}/${p.partition}`, p.end]));
    let delivered = 0n;
    let lag = 0n;
    // Partitions one offset behind: a transaction's commit marker, or one record still to deliver.
    const oneBehind: PartitionOffset[] = [];
    for (const { spec, topics } of this.sinks) {
      try {
        await this.restarts.supervise(spec.name, await this.connect.status(spec.name));
      } catch (error) {
        this.status = 'failed';
        throw error;
      }
      const committed = new Map((await this.transport.committedOffsets(sinkGroup(spec.name), topics)).map((p) => [`${p.topic}/${p.partition}`, p.offset]));
      for (const [partition, end] of ends) {
        if (!topics.includes(partition.slice(0, partition.lastIndexOf('/')))) continue;
        const at = committed.get(partition) ?? 0n;
        delivered += at;
        lag += end > at ? end - at : 0n;
        if (end - at === 1n) oneBehind.push({ topic: partition.slice(0, partition.lastIndexOf('/')), partition: Number(partition.slice(partition.lastIndexOf('/') + 1)), offset: at });
      }
    }
    if (lag > 0n && lag === BigInt(oneBehind.length)) {
      // A probe is a consumer of its own (threads of libuv's pool, a second's wait): once per resting state, not every look.
      const at = oneBehind.map((p) => `${p.topic}/${p.partition}@${p.offset}`).join(' ');
      if (at === this.markersOnlyAt || (await this.onlyMarkersAfter(oneBehind, ends))) {
        this.markersOnlyAt = at;
        lag = 0n;
      }
    }
    this.delivered = Number(delivered);
    this.status = lag === 0n ? 'idle' : 'running';
    if (this.status !== 'idle') return;
    for (const waiter of this.waiters.filter((w) => w.after < round)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.wake();
    }
  }
}
