import { setTimeout as sleep } from 'node:timers/promises';
import type { RowCounts } from '../connectors/contract/source-metrics.ts';
import type { Manifest } from '../generator/manifest.ts';
import type { BronzeEntity } from '../schemas/bronze-contracts.ts';
import type { ProcessorHost } from '../processors/runtime/processor-host.ts';
import type { PipelineSink, PipelineSources } from './pipeline-parts.ts';

/** Rows each source has read, produced and dead-lettered so far, per bronze entity. */
export function sourceCounts(sources: PipelineSources): Partial<Record<BronzeEntity, RowCounts>> {
  return {
    ...sources.file.snapshot().entities,
    ...sources.blob.snapshot().entities,
    ...sources.carts.snapshot().entities,
    ...sources.mysql.snapshot().entities,
  };
}

/** True once every source row of a generated dataset (its manifest counts them) is in bronze or in its dead-letter topic. */
export function manifestCaughtUp(sources: PipelineSources, manifest: Manifest): boolean {
  const counts = sourceCounts(sources);
  return Object.entries(manifest.entities).every(([entity, expected]) => {
    const seen = counts[entity as BronzeEntity];
    return seen !== undefined && seen.produced + seen.deadLettered >= expected.good + expected.bad;
  });
}

export interface SettlingPipeline {
  readonly sources: PipelineSources;
  readonly processors: ProcessorHost;
  readonly sink: PipelineSink;
}

/**
 * Resolves once the dataset has gone all the way: the sources caught up (every
 * row in bronze or a dead-letter topic, as `caughtUp` tells), every processor
 * idle with no lag, and the warehouse holding everything they wrote. Rejects as
 * soon as a processor or the sink stops, or a source stops with an error (a
 * dump that cannot be read), with that error.
 */
export async function pipelineSettled(pipeline: SettlingPipeline, caughtUp: () => boolean): Promise<void> {
  const failed = Promise.race([pipeline.processors.done, pipeline.sink.done]).then(() => {
    throw new Error('the pipeline stopped before it settled');
  });
  let over = false;
  const settle = async (): Promise<void> => {
    // `over` ends the wait when something failed first, so no timer keeps the process alive.
    while (!caughtUp()) {
      if (over) return;
      await sleep(200);
    }
    await pipeline.processors.settled();
    await pipeline.sink.settled();
  };
  // Only a rejection matters here: a source that has finished (the MySQL snapshot, once loaded) is no failure.
  const sourceFailed = Promise.all([pipeline.sources.file.done, pipeline.sources.mysql.done]).then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  sourceFailed.catch(() => {});
  try {
    await Promise.race([settle(), failed, sourceFailed]);
  } finally {
    over = true;
  }
}
