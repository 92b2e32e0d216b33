import { describe, expect, it } from 'vitest';
import { changeTopicSpecs, cdcTopics } from '../../../processors/mysql-cdc/cdc-topics.ts';
import { DELETE_LINEAGE_HEADER, mysqlCdcProcessor } from '../../../processors/mysql-cdc/mysql-cdc-processor.ts';
import { ProcessorHost } from '../../../processors/runtime/processor-host.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import { readTopic } from '../transport/transport-behaviour.ts';
import { envelopeSchema, framed } from './change-events.ts';

const names = { database: 'operational' } as const;
const topics = cdcTopics('categories', names);
const schema = envelopeSchema([{ name: 'CategoryID', type: 'int' }, { name: 'CategoryName', type: ['null', 'string'], default: null }]);
const source = (pos: number, snapshot = 'false') => ({ db: 'operational', table: 'categories', file: 'mariadb-bin.000004', pos, row: 0, snapshot, ts_ns: null });

describe('the MySQL CDC adapter run by the processor runtime', () => {
  it('writes rows as bronze records keyed by their key, deletes as tombstones with lineage, and contract breaches as dead letters', async () => {
    expect(changeTopicSpecs(names)).toEqual([
      { name: 'cdc.operational.categories', partitions: 1 },
      { name: 'cdc.operational.cities', partitions: 1 },
    ]);
    const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
    const registry = await embeddedRegistry();
    await transport.ensureTopics(changeTopicSpecs(names));
    const events = [
      { before: null, after: { CategoryID: 1, CategoryName: 'Bakery' }, source: source(1666, 'first'), op: 'r', ts_ms: 1 },
      { before: null, after: { CategoryID: 2, CategoryName: 'Dairy' }, source: source(1666, 'last'), op: 'r', ts_ms: 2 },
      { before: { CategoryID: 2, CategoryName: 'Dairy' }, after: null, source: source(3675), op: 'd', ts_ms: 3 },
      { before: null, after: { CategoryID: 3, CategoryName: null }, source: source(4181), op: 'c', ts_ms: 4 },
    ];
    const values = await Promise.all(events.map((event) => framed(registry, topics.changes, schema, event)));
    const producer = await transport.producer('test-debezium');
    // Debezium's own tombstone after the delete is ignored.
    await producer.transaction((tx) => tx.send([...values.slice(0, 3), null, values[3]!].map((value) => ({ topic: topics.changes, key: null, value }))));
    await producer.close();

    const host = await ProcessorHost.start([mysqlCdcProcessor('categories', { registry, partitions: 1, ...names })], { transport, registry, pollMs: 20 });
    await host.settled();
    await host.stop();

    const bronze = await readTopic(transport, topics.bronze);
    expect(bronze.map((r) => r.key?.toString())).toEqual(['1', '2', '2']);
    const serde = bronzeSerde(registry);
    expect(await serde.deserialize('categories', bronze[0]!.value!)).toMatchObject({ category_id: 1, category_name: 'Bakery', lineage: { source_uri: 'operational.categories', source_sequence: 0 } });
    expect(bronze[2]!.value).toBeNull();
    expect(JSON.parse(bronze[2]!.headers[DELETE_LINEAGE_HEADER] ?? '{}')).toMatchObject({ source_kind: 'mysql', source_position: 'mariadb-bin.000004:3675', source_sequence: 2 });

    const [letter] = await readTopic(transport, topics.deadLetters);
    expect(await deadLetterSerde(registry).deserialize('categories', letter!.value!)).toMatchObject({ stage: 'source', field: 'category_name', source_uri: topics.changes });
    await transport.close();
  });
});
