import { RestError } from '@azure/storage-blob';
import { PollLoop } from '../contract/poll-loop.ts';
import { SourceMetrics, type SourceSnapshot } from '../contract/source-metrics.ts';
import { nextSequenceAfter } from '../contract/source-checkpoints.ts';
import { sourceTopics, sourceTopicSpecs } from '../contract/source-topics.ts';
import { restoreBlobCheckpoints } from './blob-checkpoint.ts';
import { BLOB_ENTITIES, entityOfBlob, type BlobEntity } from './blob-entity.ts';
import { ingestBlob, type BlobIngestContext, type ListedBlob } from './blob-ingest.ts';
import { resolveBlobOptions, type BlobSourceOptions, type ResolvedBlobOptions } from './blob-source-options.ts';
import type { BlobSourceEvent } from './blob-source-events.ts';

/**
 * The blob source: lists an Azure Blob container every poll interval and
 * produces each CSV blob's rows to bronze.customers or bronze.countries (or
 * their dead-letter topics), each blob version (name, etag) exactly once, in
 * transactions that carry the blob's checkpoint. A failed poll (the service
 * unreachable) is reported with its cause and retried with backoff; the next
 * poll goes on from the checkpoints, so nothing is lost or repeated.
 */
export class BlobSource {
  private readonly ignored = new Set<string>();
  private readonly loop: PollLoop;

  private constructor(
    private readonly metrics: SourceMetrics<BlobEntity>,
    private readonly ctx: BlobIngestContext,
    options: ResolvedBlobOptions,
  ) {
    this.loop = new PollLoop((signal) => this.poll(signal), {
      intervalMs: options.pollMs,
      backoff: options.backoff,
      onFailure: (error, attempt, retryInMs) => ctx.emit({ kind: 'poll-failed', cause: causeOf(error, options.client.url), error, attempt, retryInMs }),
      onRecovered: (failures) => ctx.emit({ kind: 'poll-recovered', failures }),
    });
  }

  /** Settles when the source stops: rejects with the error that stopped it (a fenced producer), if one did. */
  get done(): Promise<void> {
    return this.loop.done;
  }

  static async start(options: BlobSourceOptions): Promise<BlobSource> {
    const resolved = resolveBlobOptions(options);
    const { transport } = options;
    const topics = sourceTopics<BlobEntity>('blob-source', options.topicPrefix);
    await transport.ensureTopics(sourceTopicSpecs(BLOB_ENTITIES, topics, resolved.partitions));
    // Open the producer first: it fences any older instance, so no transaction commits after the checkpoints are read.
    const producer = await transport.producer(`medallion.blob-source.${resolved.sourceName}`);
    const checkpoints = await restoreBlobCheckpoints(transport, topics.checkpoints, resolved.sourceName);
    const metrics = new SourceMetrics(BLOB_ENTITIES);
    const emit = (event: BlobSourceEvent): void => {
      metrics.record(event);
      options.onEvent?.(event);
    };
    const ctx: BlobIngestContext = {
      source: resolved.sourceName,
      client: resolved.client,
      topics,
      producer,
      serde: options.serde,
      sequence: { next: nextSequenceAfter(checkpoints.values()) },
      batchRows: resolved.batchRows,
      checkpoints,
      emit,
    };
    const source = new BlobSource(metrics, ctx, resolved);
    emit({ kind: 'started', transport: transport.kind, container: resolved.client.containerName, url: resolved.client.url, checkpoints: checkpoints.size });
    source.loop.start();
    return source;
  }

  snapshot(): SourceSnapshot<BlobEntity> {
    return this.metrics.snapshot();
  }

  /** Lists the container again now instead of at the next interval. */
  pollNow(): void {
    this.loop.nudge();
  }

  /** Stops polling, lets the blob in progress finish its transaction, and closes the producer. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.ctx.producer.close();
    this.ctx.emit({ kind: 'stopped' });
  }

  /** One listing: every blob version not produced yet, in name order (the generator's name order is time order). */
  private async poll(signal: AbortSignal): Promise<void> {
    const listed: ListedBlob[] = [];
    for await (const item of this.ctx.client.listBlobsFlat({ abortSignal: signal })) {
      const etag = item.properties.etag ?? '';
      const checkpoint = this.ctx.checkpoints.get(item.name);
      if (checkpoint?.etag === etag && checkpoint.state !== 'reading') continue;
      const entity = entityOfBlob(item.name);
      if (entity !== undefined) listed.push({ name: item.name, etag, entity });
      else this.ignore(item.name, etag);
    }
    for (const blob of listed) {
      if (signal.aborted) return;
      await ingestBlob(this.ctx, blob, signal);
    }
  }

  /** A blob no entity matches is reported once per version and left alone. */
  private ignore(name: string, etag: string): void {
    const version = `${name}\0${etag}`;
    if (this.ignored.has(version)) return;
    this.ignored.add(version);
    this.ctx.emit({ kind: 'blob-ignored', name, etag, detail: `its name starts with none of ${BLOB_ENTITIES.join(', ')} (case-insensitive)` });
  }
}

/** Why a poll failed, in words an operator can act on. */
function causeOf(error: Error, containerUrl: string): string {
  if (!(error instanceof RestError)) return error.message;
  if (error.code === 'ContainerNotFound') return `the container ${containerUrl} does not exist: create it, or set MEDALLION_AZURE_CONTAINER to one that does`;
  if (error.statusCode === undefined) return `the blob service at ${new URL(containerUrl).origin} is unreachable (${error.code ?? error.message})`;
  return `the blob service answered ${error.statusCode} ${error.code ?? ''}: ${error.message.split('\n')[0]}`;
}
