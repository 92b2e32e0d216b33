import { describe, expect, it } from 'vitest';
import { retrying } from '../../../warehouse/sink/retrying.ts';
import type { SinkEvent } from '../../../warehouse/sink/sink-events.ts';

const settings = { name: 'sink', retry: { firstMs: 1, maxMs: 4 } };
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('retrying the warehouse', () => {
  it('waits twice as long after each transient failure, up to the most, then reports the recovery', async () => {
    const events: SinkEvent[] = [];
    let calls = 0;
    const result = await retrying(settings, async () => (++calls <= 4 ? Promise.reject(refused()) : 'done'), (e) => events.push(e), new AbortController().signal);
    expect(result).toBe('done');
    expect(events.map((e) => (e.kind === 'warehouse-unavailable' ? `wait ${e.retryInMs}` : e.kind))).toEqual(['wait 1', 'wait 2', 'wait 4', 'wait 4', 'warehouse-recovered']);
    expect(events.at(-1)).toMatchObject({ kind: 'warehouse-recovered', attempts: 4 });
  });

  it('gives up at once on a failure that is not transient', async () => {
    const fatal = Object.assign(new Error('permission denied for table fact_sales'), { code: '42501' });
    const events: SinkEvent[] = [];
    await expect(retrying(settings, () => Promise.reject(fatal), (e) => events.push(e), new AbortController().signal)).rejects.toBe(fatal);
    expect(events).toEqual([]);
  });

  it('ends with undefined when stopped while waiting', async () => {
    const stop = new AbortController();
    const result = await retrying({ name: 'sink', retry: { firstMs: 60_000, maxMs: 60_000 } }, () => Promise.reject(refused()), () => stop.abort(), stop.signal);
    expect(result).toBeUndefined();
  });
});
