import { describe, expect, it } from 'vitest';
import { percentile, ProcessorMetrics, zeroCounts } from '../../../../processors/runtime/processor-metrics.ts';

describe('processor metrics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('adds committed batches and keeps a window of commit times', () => {
    const metrics = new ProcessorMetrics();
    expect(metrics.snapshot('p', 'running', null).commitMs).toBeNull();
    for (let i = 1; i <= 2000; i += 1) metrics.committed({ ...zeroCounts(), recordsIn: 2, recordsOut: 1, deduplicated: 1 }, i);
    const snapshot = metrics.snapshot('p', 'idle', null);
    expect(snapshot).toMatchObject({ processor: 'p', state: 'idle', recordsIn: 4000, recordsOut: 2000, deduplicated: 2000, transactions: 2000 });
    // Only the last 1024 commits (977..2000) count.
    expect(snapshot.commitMs).toEqual({ p50: 1488, p99: 1990 });
  });
});
