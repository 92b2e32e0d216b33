import { describe, expect, it } from 'vitest';
import { unavailable } from '../../../transport/transport-error.ts';
import { retrying } from '../../../warehouse/sink/retrying.ts';
import type { SinkEvent } from '../../../warehouse/sink/sink-events.ts';

const settings = { name: 'sink', warehouseUrl: 'postgres://writer:secret@127.0.0.1:5433/warehouse', retry: { firstMs: 2, maxMs: 8 } };
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('retrying the warehouse and Kafka', () => {
  it('waits about twice as long after each transient failure, up to the most, then reports the recovery', async () => {
    const events: SinkEvent[] = [];
    let calls = 0;
    const result = await retrying(settings, async () => (++calls <= 4 ? Promise.reject(refused()) : 'done'), (e) => events.push(e), new AbortController().signal);
    expect(result).toBe('done');
    const waits = events.flatMap((e) => (e.kind === 'waiting' ? [e.outage.retryInMs] : []));
    // Each wait is between half of its ceiling (2, 4, 8, 8 ms) and all of it.
    expect(waits.map((ms, i) => ms >= [1, 2, 4, 4][i]! && ms <= [2, 4, 8, 8][i]!)).toEqual([true, true, true, true]);
    expect(events.at(-1)).toMatchObject({ kind: 'resumed', outage: { service: 'PostgreSQL', at: '127.0.0.1:5433', attempt: 4 } });
    // One outage: the same start throughout, and no password in what is reported.
    expect(new Set(events.map((e) => (e.kind === 'waiting' ? e.outage.since : undefined)).filter(Boolean)).size).toBe(1);
    expect(JSON.stringify(events)).not.toContain('secret');
  });

  it('names Kafka and where it is when the transport cannot reach it', async () => {
    const events: SinkEvent[] = [];
    let calls = 0;
    await retrying(settings, async () => (++calls === 1 ? Promise.reject(unavailable('measuring the lag', '127.0.0.1:9999', 'Local: Timed out')) : 'done'), (e) => events.push(e), new AbortController().signal);
    expect(events[0]).toMatchObject({ kind: 'waiting', outage: { service: 'Kafka', at: '127.0.0.1:9999', attempt: 1, cause: expect.stringContaining('Kafka at 127.0.0.1:9999 did not answer') } });
  });

  it('gives up at once on a failure that is not transient', async () => {
    const fatal = Object.assign(new Error('permission denied for table fact_sales'), { code: '42501' });
    const events: SinkEvent[] = [];
    await expect(retrying(settings, () => Promise.reject(fatal), (e) => events.push(e), new AbortController().signal)).rejects.toBe(fatal);
    expect(events).toEqual([]);
  });

  it('ends with undefined when stopped while waiting', async () => {
    const stop = new AbortController();
    const result = await retrying({ ...settings, retry: { firstMs: 60_000, maxMs: 60_000 } }, () => Promise.reject(refused()), () => stop.abort(), stop.signal);
    expect(result).toBeUndefined();
  });
});
