import { PollLoop } from '../contract/poll-loop.ts';
import { SourceMetrics, type SourceSnapshot } from '../contract/source-metrics.ts';
import { sourceTopics, sourceTopicSpecs } from '../contract/source-topics.ts';
import { restoreCartsCheckpoint } from './carts-checkpoint.ts';
import { fetchPage } from './carts-http.ts';
import { deadLetterPage, ingestPage, type CartsIngestContext } from './carts-ingest.ts';
import { parsePage } from './carts-page.ts';
import { CartsSourceError } from './carts-source-error.ts';
import type { CartsSourceEvent } from './carts-source-events.ts';
import { pageUrl, resolveCartsOptions, type CartsSourceOptions, type ResolvedCartsOptions } from './carts-source-options.ts';

const ENTITIES = ['carts'] as const;

/**
 * The carts source: polls a dummyjson-shaped carts API every interval and
 * pages through it with limit/skip from where it stopped, so after the first
 * full read it asks only for carts past the ones it has. Each page's carts
 * commit in one transaction with the checkpoint (next skip, last cart id). A
 * 429, a 5xx, a timeout or no connection is retried with exponential backoff
 * and jitter, honouring Retry-After, from the last committed page: nothing is
 * lost or produced twice.
 */
export class CartsSource {
  private readonly loop: PollLoop;

  private constructor(
    private readonly metrics: SourceMetrics<'carts'>,
    private readonly ctx: CartsIngestContext,
    private readonly options: ResolvedCartsOptions,
  ) {
    this.loop = new PollLoop((signal) => this.poll(signal), {
      intervalMs: options.pollMs,
      backoff: options.backoff,
      demandedWaitMs: (error) => (error instanceof CartsSourceError ? error.retryAfterMs : undefined),
      onFailure: (error, attempt, retryInMs) => ctx.emit({ kind: 'poll-failed', cause: error.message.split('\n')[0]!, error, attempt, retryInMs }),
      onRecovered: (failures) => ctx.emit({ kind: 'poll-recovered', failures }),
    });
  }

  /** Settles when the source stops: rejects with the error that stopped it (a fenced producer), if one did. */
  get done(): Promise<void> {
    return this.loop.done;
  }

  static async start(options: CartsSourceOptions): Promise<CartsSource> {
    const resolved = resolveCartsOptions(options);
    const { transport } = options;
    const topics = sourceTopics<'carts'>('carts-source', options.topicPrefix);
    await transport.ensureTopics(sourceTopicSpecs(ENTITIES, topics, resolved.partitions));
    // Open the producer first: it fences any older instance, so no transaction commits after the checkpoint is read.
    const producer = await transport.producer(`medallion.carts-source.${resolved.sourceName}`);
    const checkpoint = await restoreCartsCheckpoint(transport, topics.checkpoints, resolved.sourceName);
    const metrics = new SourceMetrics(ENTITIES);
    const emit = (event: CartsSourceEvent): void => {
      metrics.record(event);
      options.onEvent?.(event);
    };
    const ctx: CartsIngestContext = { producer, serde: options.serde, topics, pageSize: resolved.pageSize, emit, checkpoint };
    const source = new CartsSource(metrics, ctx, resolved);
    emit({ kind: 'started', transport: transport.kind, url: resolved.url.href, nextSkip: checkpoint.nextSkip, lastCartId: checkpoint.lastCartId });
    source.loop.start();
    return source;
  }

  snapshot(): SourceSnapshot<'carts'> {
    return this.metrics.snapshot();
  }

  /** Polls again now instead of at the next interval. */
  pollNow(): void {
    this.loop.nudge();
  }

  /** Stops polling (a request in flight is abandoned, its page asked for again next start) and closes the producer. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.ctx.producer.close();
    this.ctx.emit({ kind: 'stopped' });
  }

  /** Pages from the checkpoint until a page comes back short: then every cart listed has been read. */
  private async poll(signal: AbortSignal): Promise<void> {
    const { pageSize, requestTimeoutMs } = this.options;
    for (;;) {
      const skip = this.ctx.checkpoint.nextSkip;
      const url = pageUrl(this.options.url, pageSize, skip);
      const body = await fetchPage(url, requestTimeoutMs, signal);
      if (signal.aborted) return;
      const page = parsePage(body);
      if ('malformed' in page) {
        if (await deadLetterPage(this.ctx, url, skip, page.malformed, body)) continue;
        break;
      }
      await ingestPage(this.ctx, url, skip, page, body);
      if (page.carts.length < pageSize) break;
    }
    this.ctx.emit({ kind: 'caught-up', nextSkip: this.ctx.checkpoint.nextSkip, total: this.ctx.checkpoint.total });
  }
}
