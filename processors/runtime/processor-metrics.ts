import type { ProcessorCounter } from './processor.ts';

/** Counts that only committed transactions add to. */
export interface ProcessorCounts extends Readonly<Record<ProcessorCounter, number>> {
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly deadLettered: number;
  readonly skipped: number;
  readonly transactions: number;
}

/** waiting: for Kafka, which did not answer (ProcessorSnapshot.waitingFor says where and since when). */
export const PROCESSOR_STATES = ['starting', 'running', 'idle', 'waiting', 'stopping', 'stopped', 'failed'] as const;
export type ProcessorState = (typeof PROCESSOR_STATES)[number];

export interface ProcessorSnapshot extends ProcessorCounts {
  readonly processor: string;
  readonly state: ProcessorState;
  /** While waiting: "waiting for Kafka at 127.0.0.1:9092 since 18:40:12 UTC: <cause>"; else null. */
  readonly waitingFor: string | null;
  /** Records between the committed positions and the ends of the inputs, as last measured. */
  readonly lag: number;
  /** Transaction commit time, over the last COMMIT_SAMPLES commits (null before the first). */
  readonly commitMs: { readonly p50: number; readonly p99: number } | null;
}

const COMMIT_SAMPLES = 1024;

export function zeroCounts(): Mutable<ProcessorCounts> {
  return { recordsIn: 0, recordsOut: 0, deadLettered: 0, skipped: 0, deduplicated: 0, late: 0, transactions: 0 };
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A processor's counters, its last measured lag and a window of commit times. */
export class ProcessorMetrics {
  readonly counts = zeroCounts();
  lag = 0;
  private readonly commits: number[] = [];
  private nextSample = 0;

  /** Adds a committed transaction's counts and how long its commit took. */
  committed(batch: ProcessorCounts, commitMs: number): void {
    for (const key of Object.keys(batch) as (keyof ProcessorCounts)[]) this.counts[key] += batch[key];
    this.counts.transactions += 1;
    if (this.commits.length < COMMIT_SAMPLES) this.commits.push(commitMs);
    else this.commits[this.nextSample] = commitMs;
    this.nextSample = (this.nextSample + 1) % COMMIT_SAMPLES;
  }

  snapshot(processor: string, state: ProcessorState, waitingFor: string | null): ProcessorSnapshot {
    return { processor, state, waitingFor, ...this.counts, lag: this.lag, commitMs: this.commits.length === 0 ? null : { p50: percentile(this.commits, 0.5), p99: percentile(this.commits, 0.99) } };
  }
}

/** The nearest-rank percentile of `samples` (0 < q ≤ 1). */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
