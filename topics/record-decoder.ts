import type { Client } from '@confluentinc/schemaregistry';
import type avro from 'avsc';
import { avroType } from '../schemas/avro/logical-types.ts';
import type { DecodedPart } from '../dashboard/topic-browser.ts';

/** Bytes shown of a part that cannot be decoded: enough to recognise it. */
const HEX_BYTES = 64;

interface WriterSchema {
  readonly type: avro.Type;
  readonly version: number;
}

/**
 * Decodes a record's key or value for the Topics page. Avro in the Confluent
 * wire format (magic byte 0, 4-byte schema id) is decoded with the writer's own
 * schema, fetched by id under the subject its topic's contract names
 * (`<topic>-key|value`, TopicNameStrategy), and shown with that subject, id and
 * version; anything else is shown as UTF-8 text (bronze keys are plain text). A
 * schema id the registry does not know is shown as such, naming what it holds,
 * never thrown: one bad record does not hide the page.
 */
export class RecordDecoder {
  private readonly schemas = new Map<string, Promise<WriterSchema>>();

  constructor(private readonly registry: Client) {}

  async decode(bytes: Buffer, subject: string | undefined): Promise<DecodedPart> {
    if (bytes.length > 5 && bytes[0] === 0 && subject !== undefined) {
      const schemaId = bytes.readInt32BE(1);
      try {
        const writer = await this.writerSchema(subject, schemaId);
        return { kind: 'avro', subject, schemaId, version: writer.version, fields: plain(writer.type.fromBuffer(bytes.subarray(5))) };
      } catch (error) {
        return { kind: 'undecodable', reason: await this.whyNot(subject, schemaId, error), hex: hex(bytes) };
      }
    }
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes)) return { kind: 'text', text };
    return { kind: 'undecodable', reason: 'not Avro in the Confluent wire format (no magic byte 0 and schema id) and not UTF-8 text', hex: hex(bytes) };
  }

  private writerSchema(subject: string, id: number): Promise<WriterSchema> {
    const key = `${subject}\0${id}`;
    let schema = this.schemas.get(key);
    if (schema === undefined) {
      schema = (async () => {
        const info = await this.registry.getBySubjectAndId(subject, id);
        const version = await this.registry.getVersion(subject, info, false, true);
        return { type: avroType(JSON.parse(info.schema) as avro.Schema), version };
      })();
      this.schemas.set(key, schema);
      schema.catch(() => this.schemas.delete(key));
    }
    return schema;
  }

  /** What the registry holds instead, for a record whose schema id it cannot give under the subject. */
  private async whyNot(subject: string, id: number, error: unknown): Promise<string> {
    const failed = (error as { status?: number }).status === 404 ? `the registry does not know schema id ${id} under subject ${subject}` : `schema id ${id} of subject ${subject} could not be read or applied: ${(error as Error).message}`;
    const latest = await this.registry.getLatestSchemaMetadata(subject).then(
      (m) => `the subject's latest is version ${m.version} (schema id ${m.id})`,
      () => `the registry has no subject ${subject}`,
    );
    return `${failed}; ${latest}`;
  }
}

/** A decoded Avro value as JSON shows it: dates as ISO text, bytes as UTF-8 text, 64-bit integers as text. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function hex(bytes: Buffer): string {
  return bytes.subarray(0, HEX_BYTES).toString('hex') + (bytes.length > HEX_BYTES ? `… (${bytes.length} bytes)` : '');
}
