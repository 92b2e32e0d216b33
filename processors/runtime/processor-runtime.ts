import { waitOut } from '../../core/outage.ts';
import { TransportError, unreachableKafka } from '../../transport/transport-error.ts';
import type { TopicSpec } from '../../transport/transport.ts';
import { ChangelogStore } from './changelog-store.ts';
import { deadLetterTopicsSerde } from './dead-letters.ts';
import { ProcessorError } from './processor-error.ts';
import type { ProcessorEvent } from './processor-events.ts';
import type { ProcessorSnapshot } from './processor-metrics.ts';
import { ProcessorRun, rebuildLimits } from './processor-run.ts';
import type { Processor } from './processor.ts';
import { processorNames, RUNTIME_DEFAULTS, type RuntimeOptions } from './runtime-options.ts';

/** A processor started by runProcessor. */
export interface RunningProcessor {
  readonly name: string;
  /** Resolves when the processor stopped after stop(); rejects with a ProcessorError when it failed. */
  readonly done: Promise<void>;
  /** Finishes the batch in hand, commits it, and closes the processor's clients. */
  stop(): Promise<void>;
  snapshot(): ProcessorSnapshot;
  /** Whether every input is consumed to its end and committed, as of the last poll. */
  readonly idle: boolean;
  /** Resolves the next time the processor is idle (at once if it is), or when it stops; rejects if it fails. */
  whenIdle(): Promise<void>;
  /** How many non-empty batches it has polled: unchanged between two looks means it took no records in between. */
  readonly batches: number;
  /** Its consumer's lag now, in records (measured, not the last value seen). */
  currentLag(): Promise<number>;
}

/**
 * The topics a processor writes — its outputs, its changelogs (compacted) and its
 * dead-letter topic — and, given `inputPartitions`, its inputs.
 */
export function processorTopics(processor: Processor, options: Pick<RuntimeOptions, 'namespace' | 'inputPartitions'>): TopicSpec[] {
  const names = processorNames(options.namespace ?? RUNTIME_DEFAULTS.namespace, processor.name);
  const { inputPartitions } = options;
  return [
    ...(inputPartitions === undefined ? [] : processor.inputs.map((name) => ({ name, partitions: inputPartitions }))),
    ...processor.outputs,
    ...processor.stores.map((store) => ({ name: names.changelog(store), partitions: 1, compacted: true })),
    ...(processor.deadLetters === undefined ? [] : [{ name: processor.deadLetters.topic, partitions: 1 }]),
  ];
}

/**
 * Starts a processor: creates its topics, opens its transactional producer
 * (fencing any older instance), restores its stores from their changelogs and
 * opens its consumer at the group's committed positions. Then, until stopped:
 * poll a batch, process each record, flush, and commit the records sent, the
 * store changes and the consumed positions in one transaction (./processor-run.ts).
 */
export async function runProcessor(processor: Processor, options: RuntimeOptions): Promise<RunningProcessor> {
  const policy = processor.badRecords ?? 'dead-letter';
  if (policy === 'dead-letter' && processor.deadLetters === undefined) {
    throw new ProcessorError('failed', `processor ${processor.name} dead-letters refused records but names no deadLetters`, 'give it deadLetters (its dlq.<entity> topic, entity and stage), or the skip or fail policy');
  }
  const namespace = options.namespace ?? RUNTIME_DEFAULTS.namespace;
  const names = processorNames(namespace, processor.name);
  const { transport } = options;
  const whenKafkaAnswers = kafkaWait(processor.name, options);
  await whenKafkaAnswers(() => transport.ensureTopics(processorTopics(processor, options)));
  const producer = await whenKafkaAnswers(() => transport.producer(names.transactionalId, { atomic: (options.delivery ?? RUNTIME_DEFAULTS.delivery) === 'exactly-once' }));
  try {
    const begun = performance.now();
    // Every store at once: each read waits on the broker far more than it works. A read cut short by Kafka starts again with empty stores.
    const stores = await whenKafkaAnswers(async () => {
      const fresh = new Map(processor.stores.map((store) => [store, new ChangelogStore<unknown>(names.changelog(store))]));
      await Promise.all([...fresh.values()].map((store) => transport.readAll(store.changelogTopic, (batch) => batch.forEach((record) => store.restore(record)))));
      return fresh;
    });
    const restored = Object.fromEntries([...stores].map(([name, store]) => [name, store.size]));
    const restoreMs = performance.now() - begun;
    const consumer = await whenKafkaAnswers(() => transport.consumer({ groupId: names.groupId, topics: processor.inputs }));
    const rebuildUntil = options.outputFrom === undefined ? undefined : rebuildLimits(consumer.positions(), await whenKafkaAnswers(() => transport.offsetsAt(processor.inputs, options.outputFrom!)));
    const serde = processor.deadLetters === undefined ? undefined : deadLetterTopicsSerde(options.registry, [processor.deadLetters.topic]);
    const run = new ProcessorRun(processor, options, producer, consumer, stores, serde, rebuildUntil);
    run.emit({ kind: 'started', processor: processor.name, restored, restoreMs });
    return run;
  } catch (error) {
    await producer.close();
    throw error instanceof ProcessorError || error instanceof TransportError ? error : new ProcessorError('state-restore', `processor ${processor.name} could not restore its state: ${(error as Error).message}`, 'check its changelog topics', { cause: error });
  }
}

/**
 * Runs a step of the start until it succeeds, waiting out Kafka while it does
 * not answer (a broker starting or restarting, a group coordinator not ready),
 * with the processor's waiting and resumed events.
 */
function kafkaWait(processor: string, options: RuntimeOptions): <T>(work: () => Promise<T>) => Promise<T> {
  const emit = (event: ProcessorEvent): void => options.onEvent?.(event);
  return async (work) =>
    (await waitOut(work, {
      backoff: options.kafkaBackoff ?? RUNTIME_DEFAULTS.kafkaBackoff,
      unreachable: unreachableKafka,
      onWaiting: (outage) => emit({ kind: 'waiting', processor, outage }),
      onResumed: (outage) => emit({ kind: 'resumed', processor, outage, downMs: Date.now() - outage.since.getTime() }),
    }))!;
}
