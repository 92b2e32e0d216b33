import { MockClient } from '@confluentinc/schemaregistry';
import { describe, expect, it } from 'vitest';
import { asChangeEvent } from '../../../processors/mysql-cdc/change-event.ts';
import { ChangeEventDecoder } from '../../../processors/mysql-cdc/change-event-decoder.ts';
import { RecordRuleError } from '../../../processors/runtime/processor-error.ts';
import { envelopeSchema, framed } from './change-events.ts';

const topic = 'cdc.operational.categories';
const source = { db: 'operational', table: 'categories', file: 'mariadb-bin.000004', pos: 1666, row: 0, snapshot: 'false', ts_ns: 2 ** 52 };

describe('reading Debezium change events from their wire format', () => {
  it("decodes with the writer's schema, longs as bigint, into a change event", async () => {
    const registry = new MockClient();
    const decoder = new ChangeEventDecoder(registry);
    const v1 = envelopeSchema([{ name: 'CategoryID', type: 'int' }, { name: 'CategoryName', type: 'string' }]);
    const value = await framed(registry, topic, v1, { before: null, after: { CategoryID: 1, CategoryName: 'Bakery' }, source, op: 'c', ts_ms: 1795496773642 });
    const decoded = (await decoder.decode(topic, value)) as { source: { ts_ns: bigint } };
    expect(decoded.source.ts_ns).toBe(2n ** 52n);
    expect(asChangeEvent(decoded)).toMatchObject({ op: 'c', after: { CategoryID: 1, CategoryName: 'Bakery' }, source: { pos: 1666n, row: 0 }, ts_ms: 1795496773642n });
  });

  it('decodes events written after the table gained a column with their new field', async () => {
    const registry = new MockClient();
    const decoder = new ChangeEventDecoder(registry);
    const v1 = envelopeSchema([{ name: 'CategoryID', type: 'int' }, { name: 'CategoryName', type: 'string' }]);
    const v2 = envelopeSchema([{ name: 'CategoryID', type: 'int' }, { name: 'CategoryName', type: 'string' }, { name: 'Aisle', type: ['null', 'int'], default: null }]);
    const old = await framed(registry, topic, v1, { before: null, after: { CategoryID: 1, CategoryName: 'Bakery' }, source, op: 'r', ts_ms: 1 });
    const added = await framed(registry, topic, v2, { before: null, after: { CategoryID: 4, CategoryName: 'Tea', Aisle: 7 }, source, op: 'c', ts_ms: 2 });
    expect(asChangeEvent(await decoder.decode(topic, old)).after).toEqual({ CategoryID: 1, CategoryName: 'Bakery' });
    expect(asChangeEvent(await decoder.decode(topic, added)).after).toEqual({ CategoryID: 4, CategoryName: 'Tea', Aisle: 7 });
  });

  it('refuses bytes that are not in the wire format, and a value that is not an envelope', async () => {
    const decoder = new ChangeEventDecoder(new MockClient());
    await expect(decoder.decode(topic, Buffer.from('{"op":"c"}'))).rejects.toThrow(RecordRuleError);
    expect(() => asChangeEvent({ op: 'x', source: {} })).toThrow(/op="x"/);
    expect(() => asChangeEvent({ op: 'c', source: { db: 'operational', file: 'f', pos: 1 }, ts_ms: 1n })).toThrow(/source.pos/);
  });

  // Found by the fuzz test (change-events-fuzz.test.ts): such a record stopped the adapter instead of going to its dead-letter topic.
  it('refuses a body that does not decode with its registered writer schema: cut short, or with bytes after it', async () => {
    const registry = new MockClient();
    const decoder = new ChangeEventDecoder(registry);
    const v1 = envelopeSchema([{ name: 'CategoryID', type: 'int' }, { name: 'CategoryName', type: 'string' }]);
    const value = await framed(registry, topic, v1, { before: null, after: { CategoryID: 1, CategoryName: 'Bakery' }, source, op: 'c', ts_ms: 1 });
    for (const broken of [value.subarray(0, value.length - 3), Buffer.concat([value, Buffer.from([7])])]) {
      const refusal = await decoder.decode(topic, broken).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RecordRuleError);
      expect(refusal).toMatchObject({ rule: 'not-a-change-event', reason: expect.stringMatching(/does not decode with its writer's schema \(id \d+\)/) as unknown });
    }
  });
});
