import { TransportError } from '../../transport/transport-error.ts';
import type { Transport } from '../../transport/transport.ts';
import { backoffDelay, type BackoffPolicy } from '../../core/backoff.ts';
import type { SourceSerde } from './source-serde.ts';

/** The options every polling source (blob, carts) takes alike, beside where it reads from. */
export interface PollingSourceOptions<Event> {
  readonly transport: Transport;
  readonly serde: SourceSerde;
  /** The wait between polls once caught up. */
  readonly pollMs?: number;
  /** How long one request may take. */
  readonly requestTimeoutMs?: number;
  /** The wait after a failed poll (the service unreachable, refusing): exponential, with jitter. */
  readonly backoff?: BackoffPolicy;
  /** Prepended to every topic name (tests, side-by-side runs). */
  readonly topicPrefix?: string;
  /** Names this source's checkpoints and transactional id; by default derived from where it reads. */
  readonly sourceName?: string;
  /** Partitions of the bronze and dead-letter topics when this source creates them. */
  readonly partitions?: number;
  readonly onEvent?: (event: Event) => void;
}

export interface PollLoopOptions {
  /** The wait between polls that succeeded. */
  readonly intervalMs: number;
  readonly backoff: BackoffPolicy;
  /** A failure's own demand for a wait (an HTTP Retry-After), if it has one. */
  readonly demandedWaitMs?: (error: Error) => number | undefined;
  readonly onFailure: (error: Error, attempt: number, retryInMs: number) => void;
  /** The first poll to succeed after `failures` failed ones. */
  readonly onRecovered: (failures: number) => void;
}

/**
 * Runs a source's poll now and then again every interval, one at a time. A
 * failed poll is retried with backoff and jitter (the poll resumes from the
 * source's last committed checkpoint, so a retry loses and repeats nothing); a
 * fenced or closed producer stops the loop, and `done` rejects with it. The
 * poll gets a signal that aborts when the loop stops.
 */
export class PollLoop {
  /** Settles when the loop stops: rejects with the error that stopped it, if one did. */
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private failures = 0;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    private readonly poll: (signal: AbortSignal) => Promise<void>,
    private readonly options: PollLoopOptions,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // A caller that only stops the loop need not handle `done`.
    this.done.catch(() => {});
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  start(): void {
    this.schedule(0);
  }

  /** Polls now, unless a poll is running (it reads everything there is when it runs). */
  nudge(): void {
    if (this.timer !== undefined) this.schedule(0);
  }

  /** Stops polling, lets a running poll end (its wait for input is aborted), and resolves `done` unless an error stopped the loop first. */
  async stop(): Promise<void> {
    if (!this.stopped) this.halt();
    await this.running;
    this.settle.resolve();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    try {
      await this.poll(this.abort.signal);
      if (this.failures > 0) this.options.onRecovered(this.failures);
      this.failures = 0;
      this.schedule(this.options.intervalMs);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (this.stopped) return;
      if (error instanceof TransportError && (error.code === 'fenced' || error.code === 'closed')) {
        this.halt();
        this.settle.reject(error);
        return;
      }
      const retryInMs = backoffDelay(this.options.backoff, this.failures, this.options.demandedWaitMs?.(error));
      this.options.onFailure(error, ++this.failures, retryInMs);
      this.schedule(retryInMs);
    }
  }

  private halt(): void {
    clearTimeout(this.timer);
    this.abort.abort();
  }
}
