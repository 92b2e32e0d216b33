import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessorError } from './processor-error.ts';
import type { ProcessorSnapshot } from './processor-metrics.ts';
import { processorTopics, runProcessor, type RunningProcessor } from './processor-runtime.ts';
import type { Processor } from './processor.ts';
import { RUNTIME_DEFAULTS, type RuntimeOptions } from './runtime-options.ts';

const SETTLE_RETRY_MS = 10;

/**
 * Many processors in one process, each with its own consumer group, producer and
 * stores: embedded mode runs the whole pipeline in one host, a container in stack
 * mode runs the processors it is given.
 */
/** Whether no processor has lag, all are idle, and none took a batch since `before`. */
async function quiet(processors: readonly RunningProcessor[], before: readonly number[]): Promise<boolean> {
  const lags = await Promise.all(processors.map((p) => p.currentLag()));
  return lags.every((lag) => lag === 0) && processors.every((p, i) => p.idle && p.batches === before[i]);
}

/**
 * Resolves once processors that feed each other have settled: every one idle
 * at the same moment, with no lag, and none took a batch while that was
 * checked — looked at twice, `confirmMs` apart, because on Kafka a committed
 * transaction's records become readable a moment after the commit returns.
 * `confirmMs` should cover two polls.
 */
export async function settledTogether(processors: readonly RunningProcessor[], confirmMs: number): Promise<void> {
  for (;;) {
    await Promise.all(processors.map((p) => p.whenIdle()));
    const before = processors.map((p) => p.batches);
    if (await quiet(processors, before)) {
      await sleep(confirmMs);
      if (await quiet(processors, before)) return;
    } else {
      // One idle flag was stale (records came since its last poll): give its poll a turn before looking again.
      await sleep(SETTLE_RETRY_MS);
    }
  }
}

export class ProcessorHost {
  /** Resolves when every processor stopped after stop(); rejects with the first ProcessorError (the others keep running until stop()). */
  readonly done: Promise<void>;

  private constructor(
    readonly processors: readonly RunningProcessor[],
    /** How long settled() waits before its second look: long enough for every processor to poll again. */
    private readonly confirmMs: number,
  ) {
    this.done = Promise.all(processors.map((p) => p.done)).then(() => undefined);
    this.done.catch(() => {});
  }

  /**
   * Creates every processor's topics first, so that a processor reading another's
   * output finds its input, then starts them in the order given.
   */
  static async start(processors: readonly Processor[], options: RuntimeOptions): Promise<ProcessorHost> {
    const names = processors.map((p) => p.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new ProcessorError('failed', `two processors are named ${twice}`, 'give every processor its own name (it names its group, transactional id and changelogs)');
    await options.transport.ensureTopics(processors.flatMap((p) => processorTopics(p, options)));
    const running: RunningProcessor[] = [];
    try {
      for (const processor of processors) running.push(await runProcessor(processor, options));
    } catch (error) {
      await Promise.all(running.map((p) => p.stop()));
      throw error;
    }
    return new ProcessorHost(running, 2 * (options.pollMs ?? RUNTIME_DEFAULTS.pollMs) + SETTLE_RETRY_MS);
  }

  snapshot(): ProcessorSnapshot[] {
    return this.processors.map((p) => p.snapshot());
  }

  /**
   * Resolves once the pipeline has settled: every processor idle at the same
   * moment, with no lag, and none took a batch meanwhile — so nothing is left in
   * flight between them — and still so a moment later. Kafka makes a committed
   * transaction's records readable only once its markers are written, a little
   * after the commit returns, so a single look could miss the last batch one
   * processor handed to the next. Rejects if a processor fails.
   */
  settled(): Promise<void> {
    return settledTogether(this.processors, this.confirmMs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.stop()));
  }
}
