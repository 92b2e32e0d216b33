import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerContract } from '../../../schemas/layer-contracts.ts';
import type { StoredRecord } from '../../../transport/transport.ts';
import { copyField } from '../../../warehouse/sink/pg-text.ts';
import { changeRow, latestPerKey, type TableChange } from '../../../warehouse/sink/sink-records.ts';
import type { SinkTable } from '../../../warehouse/sink/sink-tables.ts';

const table = (name: 'fact_sales' | 'sales_daily'): SinkTable => ({
  topic: `gold.${name}`,
  layer: 'gold',
  name,
  qualified: `"gold"."${name}"`,
  contract: layerContract('gold', name),
  keys: [{ name: 'k', type: 'text' }],
  values: [{ name: 'v', type: 'text' }],
});
const facts = table('fact_sales');
const daily = table('sales_daily');

function change(target: SinkTable, offset: number, key: string, value: string | null): TableChange {
  const source: StoredRecord = { topic: target.topic, partition: 0, offset: BigInt(offset), key: Buffer.from(key), value: value === null ? null : Buffer.from(value), headers: {}, timestamp: 0 };
  return { source, table: target, key: [key], line: value === null ? null : [key, value].map(copyField).join('\t') };
}

describe('a batch folded to one change per key', () => {
  it('keeps the last change of each key, per table, tombstones included', () => {
    const batch = [change(facts, 0, 'a', '1'), change(facts, 1, 'b', '1'), change(daily, 0, 'a', 'x'), change(facts, 2, 'a', '2'), change(facts, 3, 'b', null)];
    const folded = latestPerKey(batch);
    expect([...folded.keys()]).toEqual([facts, daily]);
    expect(folded.get(facts)!.map((c) => [c.key[0], changeRow(c)?.[1] ?? null])).toEqual([['a', '2'], ['b', null]]);
    expect(folded.get(daily)!.map(changeRow)).toEqual([['a', 'x']]);
  });

  it('tells keys of several columns apart by every column', () => {
    const byDay = { ...daily, keys: [{ name: 'sale_date', type: 'date' }, { name: 'channel', type: 'text' }] };
    const at = (offset: number, key: [string, string]): TableChange => ({ ...change(byDay, offset, key.join(), null), key });
    const folded = latestPerKey([at(0, ['2024-01-02', 'store']), at(1, ['2024-01-02', 'online']), at(2, ['2024-01-02', 'store'])]).get(byDay)!;
    expect(folded.map((c) => [c.key, c.source.offset])).toEqual([[['2024-01-02', 'store'], 2n], [['2024-01-02', 'online'], 1n]]);
  });

  it('ends in the same state as applying every change in order', () => {
    const op = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.option(fc.string({ maxLength: 3 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const applyAll = new Map<string, string>();
        for (const { key, value } of ops) {
          if (value === null) applyAll.delete(key);
          else applyAll.set(key, value);
        }
        const applyFolded = new Map<string, string>();
        for (const c of latestPerKey(ops.map((o, i) => change(facts, i, o.key, o.value))).get(facts) ?? []) {
          const row = changeRow(c);
          if (row === null) applyFolded.delete(c.key[0]!);
          else applyFolded.set(c.key[0]!, row[1]!);
        }
        expect(applyFolded).toEqual(applyAll);
      }),
    );
  });
});
