import type { Client } from '@confluentinc/schemaregistry';
import { deadLetter, refusedRecordInput } from '../../schemas/dead-letter.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../../schemas/dlq-contract.ts';
import type { DeadLetter } from '../../schemas/generated/bronze-types.ts';
import { recordSerde, type RecordSerde } from '../../schemas/record-serde.ts';
import type { OutgoingRecord, StoredRecord } from '../../transport/transport.ts';
import type { SinkTable } from './sink-tables.ts';

/** Why the warehouse refused a record, in the words a dead letter keeps. */
export interface Refusal {
  readonly source: StoredRecord;
  readonly table: SinkTable;
  /** The constraint broken (gold.fact_sales' fact_sales_quantity_positive, …), or 'undecodable'. */
  readonly constraint: string;
  readonly reason: string;
  readonly column: string | null;
  readonly value: string | null;
}

/** Encodes the warehouse's dead letters (DeadLetter contract, subject dlq.warehouse-value). */
export class SinkDeadLetters {
  private readonly serde: RecordSerde<{ warehouse: DeadLetter }>;

  constructor(
    registry: Client,
    /** dlq.warehouse after the sink's topic prefix. */
    readonly topic: string,
  ) {
    this.serde = recordSerde<{ warehouse: DeadLetter }>(registry, { warehouse: WAREHOUSE_DLQ_TOPIC });
  }

  /** The dead letter of a refused record: entity = the table, stage = its layer, reason names the constraint, raw = the value's bytes. */
  async letter(refusal: Refusal): Promise<OutgoingRecord> {
    const { source, table } = refusal;
    const letter = deadLetter(
      { entity: table.name, stage: table.layer },
      { reason: `${table.layer}.${table.name} refused it: ${refusal.constraint}: ${refusal.reason}`, field: refusal.column, value: refusal.value, ...refusedRecordInput(source) },
    );
    return { topic: this.topic, key: source.key, value: await this.serde.serialize('warehouse', letter), headers: { constraint: refusal.constraint } };
  }
}
