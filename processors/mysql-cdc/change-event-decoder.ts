import type { Client } from '@confluentinc/schemaregistry';
import avro from 'avsc';
import { RecordRuleError } from '../runtime/processor-error.ts';

/**
 * Avro longs as bigint: Debezium's envelope carries nanosecond times (ts_ns) and
 * binlog positions beyond 2^53, which avsc's default long refuses to read.
 */
const BigLongType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (json: unknown) => BigInt(json as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

const isLong = (schema: unknown): boolean =>
  schema === 'long' || (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long' && !('logicalType' in schema));

/**
 * Reads the values Kafka Connect's Apicurio converter writes (Confluent framing:
 * magic byte 0, the schema's 4-byte id, the Avro body) with the writer's schema
 * from the registry, so a table that gained a column decodes with its new field.
 */
export class ChangeEventDecoder {
  private readonly types = new Map<number, Promise<avro.Type>>();

  constructor(private readonly registry: Client) {}

  async decode(topic: string, value: Buffer): Promise<unknown> {
    if (value.length < 5 || value[0] !== 0) throw new RecordRuleError('not-a-change-event', null, value.subarray(0, 8).toString('hex'), 'no magic byte 0 and 4-byte schema id');
    const id = value.readInt32BE(1);
    const type = await this.typeOf(`${topic}-value`, id);
    try {
      return type.fromBuffer(value.subarray(5));
    } catch (error) {
      // The writer's schema is known, so bytes that do not decode under it are this record's fault, not the adapter's.
      throw new RecordRuleError('not-a-change-event', null, null, `its body does not decode with its writer's schema (id ${id}): ${(error as Error).message}`);
    }
  }

  private typeOf(subject: string, id: number): Promise<avro.Type> {
    let type = this.types.get(id);
    if (type === undefined) {
      type = this.registry.getBySubjectAndId(subject, id).then((info) => avro.Type.forSchema(JSON.parse(info.schema) as avro.Schema, { typeHook: (schema) => (isLong(schema) ? BigLongType : undefined) }));
      this.types.set(id, type);
      // A failed lookup (registry down) is retried with the next record, not cached.
      type.catch(() => this.types.delete(id));
    }
    return type;
  }
}
