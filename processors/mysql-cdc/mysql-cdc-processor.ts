import type { Client } from '@confluentinc/schemaregistry';
import type { Processor } from '../runtime/processor.ts';
import { bronzeKey, bronzeSerde } from '../../schemas/record-serde.ts';
import { asChangeEvent } from './change-event.ts';
import { ChangeEventDecoder } from './change-event-decoder.ts';
import { changeToBronze } from './change-to-bronze.ts';
import { bronzeTopicSpec, CDC_TABLES, cdcTopics, type CdcTable, type CdcTopicNames } from './cdc-topics.ts';

export interface MysqlCdcOptions extends CdcTopicNames {
  readonly registry: Client;
  /** Partitions of a bronze topic the adapter creates. */
  readonly partitions: number;
}

/** The header that carries a delete's lineage: a tombstone has no value to hold it. */
export const DELETE_LINEAGE_HEADER = 'medallion.lineage';

/**
 * One table's adapter from Debezium's change events (cdc.<database>.<table>) to
 * bronze.<table> under its contract, run by the processor runtime: exactly once
 * from change topic to bronze. Inserts, updates and snapshot rows become bronze
 * records keyed by the row's key; a delete becomes a tombstone of that key with
 * its lineage in a header; an event that breaks the contract goes to dlq.<table>.
 */
export function mysqlCdcProcessor(table: CdcTable, options: MysqlCdcOptions): Processor {
  const topics = cdcTopics(table, options);
  const decoder = new ChangeEventDecoder(options.registry);
  // Records are written with the contract's schema (subject bronze.<table>-value) whatever the topic prefix, as every source does.
  const serde = bronzeSerde(options.registry);
  return {
    name: `mysql-cdc-${topics.changes}`,
    inputs: [topics.changes],
    outputs: [bronzeTopicSpec(topics, options.partitions)],
    stores: [],
    badRecords: 'dead-letter',
    // Refused on the way into bronze, like a source's own dead letters: reconciliation counts only silver's against bronze.
    deadLetters: { topic: topics.deadLetters, entity: table, stage: 'source' },
    async process(record, context) {
      // Debezium's own tombstones (tombstones.on.delete) follow its delete events, which already carried the delete.
      if (record.value === null) return;
      const change = changeToBronze(table, asChangeEvent(await decoder.decode(record.topic, record.value)), Number(record.offset));
      if (change.kind === 'upsert') context.send({ topic: topics.bronze, key: bronzeKey(table, change.record), value: await serde.serialize(table, change.record) });
      // The same key text as bronzeKey gives the row's record.
      if (change.kind === 'delete') context.send({ topic: topics.bronze, key: Buffer.from(change.key, 'utf8'), value: null, headers: { [DELETE_LINEAGE_HEADER]: JSON.stringify(change.lineage) } });
    },
  };
}

/** The adapters of every captured table. */
export function mysqlCdcProcessors(options: MysqlCdcOptions): Processor[] {
  return CDC_TABLES.map((table) => mysqlCdcProcessor(table, options));
}
