import { AVRO_TYPE, AvroDeserializer, AvroSerializer, RestError, SchemaId, SerdeType, SubjectNameStrategyType, type Client, type SchemaInfo } from '@confluentinc/schemaregistry';
import { LOGICAL_TYPES } from './avro/logical-types.ts';
import { bronzeContract, bronzeContracts, type BronzeEntity } from './bronze-contracts.ts';
import { ContractError } from './contract-error.ts';
import { dlqContracts } from './dlq-contract.ts';
import type { BronzeRecords, DeadLetter } from './generated/bronze-types.ts';

/**
 * Record values in the Confluent wire format (magic byte, 4-byte schema id, Avro
 * body) through @confluentinc/schemaregistry's AvroSerializer and AvroDeserializer,
 * with this project's logical types (exact decimal strings, Dates, 'YYYY-MM-DD').
 *
 * Writers use the latest schema registered under the topic's subject and never
 * register one: contracts are registered by `medallion schemas register`
 * (registerSchemas), so a producer cannot change a contract by accident. Readers
 * decode with the writer's schema, resolved to the latest. Like the registry
 * client's own cache, a serde keeps the latest schema it first saw: a newly
 * registered version reaches writers when they start again.
 */
export interface RecordSerde<Records> {
  serialize<E extends keyof Records & string>(entity: E, record: Records[E]): Promise<Buffer>;
  deserialize<E extends keyof Records & string>(entity: E, value: Buffer): Promise<Records[E]>;
}

const CONFIG = {
  useLatestVersion: true,
  // TopicNameStrategy (`<topic>-value`) explicitly: the library's default first asks the registry for subject associations.
  subjectNameStrategyType: SubjectNameStrategyType.TOPIC,
  logicalTypes: LOGICAL_TYPES,
  assertLogicalTypes: true,
} as const;

/** Which part of a Kafka record a serde writes: its value (subject `<topic>-value`) or its key (`<topic>-key`). */
export type RecordPart = 'key' | 'value';

type Encoder = (record: unknown) => Buffer;
type Decoder = (value: Buffer) => unknown;

/**
 * A serde for records of each entity on its topic, e.g. `{ sales: 'bronze.sales', … }`.
 *
 * The library's serialize() re-parses and re-hashes the schema text for every
 * record (about 15k records/s); here the serializers resolve each topic's schema
 * id and avsc Type once, and records of schemas without registry rules are
 * encoded with that Type after the framing the library's own schema-id
 * serializer gives that id — the same bytes, several times faster. Anything
 * else (rules, a record the Type refuses, an unknown framing) goes through the
 * library's full path.
 */
export function recordSerde<Records>(client: Client, topics: { readonly [E in keyof Records & string]: string }, part: RecordPart = 'value'): RecordSerde<Records> {
  const serdeType = part === 'key' ? SerdeType.KEY : SerdeType.VALUE;
  const serializer = new AvroSerializer(client, serdeType, { ...CONFIG, autoRegisterSchemas: false });
  const deserializer = new AvroDeserializer(client, serdeType, { ...CONFIG });
  const encoders = new Map<string, Promise<Encoder | undefined>>();
  // By topic, then writer schema id: no key to build per record.
  const decoders = new Map<string, Map<number, Promise<Decoder | undefined>>>();

  const encoderFor = async (topic: string, sample: unknown): Promise<Encoder | undefined> => {
    const [id, info] = await serializer.getSchemaId(AVRO_TYPE, topic, sample).catch((error: unknown) => {
      throw unregistered(`${topic}-${part}`, topic, error);
    });
    if (hasRules(info)) return undefined;
    const [type] = await serializer.toType(info);
    // The library's own framing of this id, made once; each record's body is written after it in a scratch buffer and copied out once.
    const prefix = serializer.serializeSchemaId(topic, Buffer.alloc(0), id);
    let scratch = framed(prefix, SCRATCH_BYTES);
    return (record) => {
      let end = type.encode(record, scratch, prefix.length);
      // A negative end is how many bytes were missing.
      if (end < 0) {
        scratch = framed(prefix, 2 * (scratch.length - end));
        end = type.encode(record, scratch, prefix.length);
      }
      const out = Buffer.allocUnsafe(end);
      scratch.copy(out, 0, 0, end);
      return out;
    };
  };

  const decoderFor = async (topic: string, value: Buffer): Promise<Decoder | undefined> => {
    const id = new SchemaId(AVRO_TYPE);
    const [writerInfo, headerLength] = await deserializer.getWriterSchema(topic, value, id);
    const readerInfo = await deserializer.getReaderSchema(await deserializer.subjectName(topic, writerInfo)).catch((error: unknown) => {
      throw unregistered(`${topic}-${part}`, topic, error);
    });
    if (readerInfo === null || hasRules(writerInfo) || hasRules(readerInfo)) return undefined;
    const [[writer], [reader]] = await Promise.all([deserializer.toType(writerInfo), deserializer.toType(readerInfo)]);
    const resolver = reader.equals(writer) ? undefined : reader.createResolver(writer);
    return (framed) => reader.fromBuffer(framed.subarray(headerLength), resolver);
  };

  return {
    async serialize(entity, record) {
      const topic = topics[entity];
      const encode = await (encoders.get(topic) ?? memo(encoders, topic, () => encoderFor(topic, record)));
      if (encode !== undefined) {
        try {
          return encode(record);
        } catch {
          // The library's path names the field that broke the schema.
        }
      }
      return serializer.serialize(topic, record);
    },
    async deserialize(entity, value) {
      const topic = topics[entity];
      // Magic byte 0 and a 4-byte id: decode with the cached reader for that id.
      if (value.length > 5 && value[0] === 0) {
        let byId = decoders.get(topic);
        if (byId === undefined) decoders.set(topic, (byId = new Map()));
        const id = value.readInt32BE(1);
        const decode = await (byId.get(id) ?? memo(byId, id, () => decoderFor(topic, value)));
        if (decode !== undefined) return decode(value) as Records[typeof entity];
      }
      return deserializer.deserialize(topic, value) as Promise<Records[typeof entity]>;
    },
  };
}

export function bronzeSerde(client: Client): RecordSerde<BronzeRecords> {
  return recordSerde<BronzeRecords>(client, topicsOf(bronzeContracts()));
}

/** Dead letters of each entity, on its dlq.<entity> topic. */
export function deadLetterSerde(client: Client): RecordSerde<Record<BronzeEntity, DeadLetter>> {
  return recordSerde<Record<BronzeEntity, DeadLetter>>(client, topicsOf(dlqContracts()));
}

/** A bronze record's key on its topic: its key field's value as UTF-8 text. */
export function bronzeKey<E extends BronzeEntity>(entity: E, record: BronzeRecords[E]): Buffer {
  return Buffer.from(String(record[bronzeContract(entity).keyField as keyof BronzeRecords[E]]), 'utf8');
}

function topicsOf(contracts: readonly { readonly entity: BronzeEntity; readonly topic: string }[]): Record<BronzeEntity, string> {
  return Object.fromEntries(contracts.map((c) => [c.entity, c.topic])) as Record<BronzeEntity, string>;
}

const SCRATCH_BYTES = 64 * 1024;

/** A buffer of `size` bytes that starts with `prefix`. */
function framed(prefix: Buffer, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  prefix.copy(buffer);
  return buffer;
}

function hasRules(info: SchemaInfo): boolean {
  const rules = info.ruleSet;
  return (rules?.domainRules?.length ?? 0) + (rules?.encodingRules?.length ?? 0) + (rules?.migrationRules?.length ?? 0) > 0;
}

/** The cached promise for `key`, made once; a failure is not cached, so the next call retries. */
function memo<K, T>(cache: Map<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T> {
  let promise = cache.get(key);
  if (promise === undefined) {
    promise = make();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

function unregistered(subject: string, topic: string, error: unknown): unknown {
  if (!(error instanceof RestError && error.status === 404)) return error;
  return new ContractError(
    'subject-not-registered',
    `no schema is registered under the subject ${subject}, so records of topic ${topic} cannot be written or read`,
    'register the contracts with `medallion schemas register` (embedded mode registers them itself)',
    { cause: error },
  );
}
