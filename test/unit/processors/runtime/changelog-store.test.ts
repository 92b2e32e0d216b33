import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangelogStore } from '../../../../processors/runtime/changelog-store.ts';
import type { StoredRecord } from '../../../../transport/transport.ts';

const asStored = (records: ReturnType<ChangelogStore<unknown>['changelog']>): StoredRecord[] =>
  records.map((r, offset) => ({ ...r, partition: 0, offset: BigInt(offset), headers: {}, timestamp: 0 }));

describe('changelog store', () => {
  it('shows the open transaction\'s writes, and its changelog restores the same state in a fresh store', () => {
    const store = new ChangelogStore<{ n: number }>('p.s.changelog');
    store.put('a', { n: 1 });
    store.put('b', { n: 2 });
    store.commit();
    store.put('a', { n: 3 });
    store.delete('b');
    store.put('c', { n: 4 });
    expect(Object.fromEntries(store.entries())).toEqual({ a: { n: 3 }, c: { n: 4 } });
    expect(store.size).toBe(2);
    const changelog = store.changelog();
    expect(changelog.map((r) => [r.topic, r.key!.toString(), r.value?.toString() ?? null])).toEqual([
      ['p.s.changelog', 'a', '{"n":3}'],
      ['p.s.changelog', 'b', null],
      ['p.s.changelog', 'c', '{"n":4}'],
    ]);
    store.commit();
    const restored = new ChangelogStore<{ n: number }>('p.s.changelog');
    for (const record of asStored([{ topic: 'p.s.changelog', key: Buffer.from('b'), value: Buffer.from('{"n":2}') }, ...changelog])) restored.restore(record);
    expect(Object.fromEntries(restored.entries())).toEqual(Object.fromEntries(store.entries()));
  });

  it('drops an aborted transaction\'s writes, and a refused record\'s writes alone', () => {
    const store = new ChangelogStore<number>('p.s.changelog');
    store.put('a', 1);
    store.commit();
    store.put('a', 2);
    store.abort();
    expect(store.get('a')).toBe(1);
    expect(store.changelog()).toEqual([]);
    store.beginRecord();
    store.put('b', 1);
    store.beginRecord();
    store.put('a', 5);
    store.delete('b');
    store.put('c', 1);
    store.rollbackRecord();
    expect(Object.fromEntries(store.entries())).toEqual({ a: 1, b: 1 });
    expect(store.changelog().map((r) => r.key!.toString())).toEqual(['b']);
  });

  it('freezes stored values, so no one can change committed state behind the transaction\'s back', () => {
    const store = new ChangelogStore<{ n: number }>('p.s.changelog');
    store.put('a', { n: 1 });
    store.commit();
    expect(() => {
      (store.get('a') as { n: number }).n = 2;
    }).toThrow(TypeError);
  });

  it('agrees with a plain map for any sequence of writes, commits and aborts', () => {
    type Step = { op: 'put'; key: string; value: number } | { op: 'delete'; key: string } | { op: 'commit' } | { op: 'abort' };
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ op: fc.constant('put' as const), key, value: fc.integer() }),
      fc.record({ op: fc.constant('delete' as const), key }),
      fc.constant({ op: 'commit' as const }),
      fc.constant({ op: 'abort' as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const store = new ChangelogStore<number>('t');
        let committed = new Map<string, number>();
        let open = new Map<string, number>();
        for (const s of steps) {
          if (s.op === 'put') {
            store.put(s.key, s.value);
            open.set(s.key, s.value);
          } else if (s.op === 'delete') {
            store.delete(s.key);
            open.delete(s.key);
          } else if (s.op === 'commit') {
            store.commit();
            committed = new Map(open);
          } else {
            store.abort();
            open = new Map(committed);
          }
          expect(new Map(store.entries())).toEqual(open);
          expect(store.size).toBe(open.size);
        }
      }),
    );
  });
});
