import type { Client } from '@confluentinc/schemaregistry';
import type { Transport } from '../transport/transport.ts';
import { pipelineProcessors } from './pipeline-processors.ts';
import type { ProcessorEventSink } from './runtime/processor-events.ts';
import { ProcessorHost } from './runtime/processor-host.ts';

export interface ReplayOptions {
  readonly transport: Transport;
  readonly registry: Client;
  /** Partitions of topics the processors create (they exist already after a live run). */
  readonly partitions: number;
  /** The live run's topic prefix (tests and side-by-side runs). */
  readonly topicPrefix?: string;
  /** Names the replay's consumer groups, transactional ids and state; must be new. */
  readonly namespace: string;
  /**
   * Replays from this time (epoch ms, in the past): the records stamped before it
   * only rebuild state, and silver and gold are rewritten from it on. Default:
   * from the beginning.
   */
  readonly from?: number;
  readonly onEvent?: ProcessorEventSink;
  /** Called with the running host, e.g. to show its progress. */
  readonly onStarted?: (host: ProcessorHost) => void;
}

/**
 * Batch reprocessing, Kappa style: every processor of the pipeline runs again
 * from the first bronze record, under a fresh namespace (new consumer groups,
 * empty state rebuilt as it goes), into the same silver and gold topics, until
 * it has caught up with bronze; then it stops. Gold is keyed upserts and the
 * processors are deterministic, so the gold a replay ends with is the gold of
 * the live run — and a processor fixed since then rewrites it correctly.
 *
 * A replay `from` a time still reads everything, since the state (the latest
 * version of every key, every aggregate) is over all history; but only what the
 * records from that time on send is sent (RuntimeOptions.outputFrom), so a fix
 * rewrites silver and gold for the data since then and leaves the rest as it is.
 */
export async function replayPipeline(options: ReplayOptions): Promise<ProcessorHost> {
  const host = await ProcessorHost.start(pipelineProcessors({ registry: options.registry, partitions: options.partitions, ...(options.topicPrefix === undefined ? {} : { topicPrefix: options.topicPrefix }) }), {
    transport: options.transport,
    registry: options.registry,
    namespace: options.namespace,
    inputPartitions: options.partitions,
    ...(options.from === undefined ? {} : { outputFrom: options.from }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  options.onStarted?.(host);
  try {
    await Promise.race([host.settled(), host.done]);
  } finally {
    await host.stop();
  }
  return host;
}
