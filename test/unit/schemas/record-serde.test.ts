import { AvroDeserializer, AvroSerializer, MockClient, SerdeType, SubjectNameStrategyType } from '@confluentinc/schemaregistry';
import { describe, expect, it } from 'vitest';
import { LOGICAL_TYPES } from '../../../schemas/avro/logical-types.ts';
import { BRONZE_ENTITIES, readSchemaFile, type RecordSchema } from '../../../schemas/bronze-contracts.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { ContractError } from '../../../schemas/contract-error.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { GOLD_TABLE_NAMES, SILVER_ENTITIES } from '../../../schemas/layer-contracts.ts';
import type { BronzeCart, DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { bronzeKey, bronzeSerde, deadLetterSerde, recordSerde } from '../../../schemas/record-serde.ts';
import { lineage, sampleSale as sale } from './bronze-fixtures.ts';


const cart: BronzeCart = {
  cart_id: 12,
  user_id: 33,
  created_at: null,
  lines: [
    { product_id: 1, title: 'Flour', price: '3.49', quantity: 2, total: '6.98', discount_percentage: '12.50', discounted_total: '6.11' },
    { product_id: 2, title: 'Milk', price: '0.99', quantity: 1, total: null, discount_percentage: null, discounted_total: null },
  ],
  extras: {},
  lineage: { ...lineage, source_kind: 'api', source_uri: 'http://127.0.0.1/carts', source_position: 'skip=0 #1' },
};

// The library's own serializers, configured as the serde is, as the reference for the bytes.
const libraryConfig = { useLatestVersion: true, subjectNameStrategyType: SubjectNameStrategyType.TOPIC, logicalTypes: LOGICAL_TYPES } as const;

describe('record serde', () => {
  it('registers every bronze, dead-letter, silver and gold subject in the embedded registry', async () => {
    const client = await embeddedRegistry();
    const subjects = await client.getAllSubjects();
    const keyed = [...SILVER_ENTITIES.map((e) => `silver.${e}`), ...GOLD_TABLE_NAMES.map((t) => `gold.${t}`)].flatMap((topic) => [`${topic}-key`, `${topic}-value`]);
    expect(subjects).toEqual(expect.arrayContaining([...BRONZE_ENTITIES.flatMap((e) => [`bronze.${e}-value`, `dlq.${e}-value`]), ...keyed]));
    expect(subjects.sort()).toEqual(contractSubjects().map((s) => s.subject).sort());
  });

  it('round-trips bronze records: exact decimals, Dates, nulls, nested lines and extras', async () => {
    const serde = bronzeSerde(await embeddedRegistry());
    expect(await serde.deserialize('sales', await serde.serialize('sales', sale))).toEqual(sale);
    expect(await serde.deserialize('carts', await serde.serialize('carts', cart))).toEqual(cart);
  });

  it('writes the Confluent wire format, byte for byte what the library writes, with the latest schema id of the subject', async () => {
    const client = await embeddedRegistry();
    const bytes = await bronzeSerde(client).serialize('sales', sale);
    const { id } = await client.getLatestSchemaMetadata('bronze.sales-value');
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    const library = new AvroSerializer(client, SerdeType.VALUE, { ...libraryConfig, autoRegisterSchemas: false });
    expect(bytes.equals(await library.serialize('bronze.sales', sale))).toBe(true);
    const reader = new AvroDeserializer(client, SerdeType.VALUE, { ...libraryConfig });
    expect(await reader.deserialize('bronze.sales', bytes)).toEqual(sale);
  });

  it('writes byte for byte what the library writes for records of any size, one after another', async () => {
    const client = await embeddedRegistry();
    const serde = bronzeSerde(client);
    const library = new AvroSerializer(client, SerdeType.VALUE, { ...libraryConfig, autoRegisterSchemas: false });
    // Larger than the serde's scratch buffer (64 KiB), then small again.
    for (const size of [0, 10, 200_000, 3]) {
      const record = { ...sale, extras: { note: 'x'.repeat(size) } };
      expect((await serde.serialize('sales', record)).equals(await library.serialize('bronze.sales', record))).toBe(true);
    }
  });

  it('reads records written with an older schema as the latest one, filling new fields with their defaults', async () => {
    const client = new MockClient();
    const v1 = readSchemaFile('countries');
    const v2: RecordSchema = { ...v1, fields: [...v1.fields, { name: 'region', type: ['null', 'string'], default: null }] };
    await client.register('test.countries-value', { schemaType: 'AVRO', schema: JSON.stringify(v1) });
    const country = { country_id: 1, country_name: 'Norway', country_code: 'NO', extras: {}, lineage };
    const old = await recordSerde<{ countries: typeof country }>(client, { countries: 'test.countries' }).serialize('countries', country);
    await client.register('test.countries-value', { schemaType: 'AVRO', schema: JSON.stringify(v2) });
    const reader = recordSerde<{ countries: typeof country & { region: string | null } }>(client, { countries: 'test.countries' });
    expect(await reader.deserialize('countries', old)).toEqual({ ...country, region: null });
  });

  it('refuses to write a record that breaks its schema, naming the field', async () => {
    const serde = bronzeSerde(await embeddedRegistry());
    await expect(serde.serialize('sales', { ...sale, quantity: 'two' as unknown as number })).rejects.toThrow(/quantity/);
    await expect(serde.serialize('sales', { ...sale, discount: '12.5' })).rejects.toThrow(/discount/);
  });

  it('says to register the contracts when a subject has no schema', async () => {
    const serde = bronzeSerde(new MockClient());
    const error = await serde.serialize('sales', sale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('subject-not-registered');
    expect((error as ContractError).message).toContain('medallion schemas register');
  });

  it('round-trips a dead letter with its raw input', async () => {
    const serde = deadLetterSerde(await embeddedRegistry());
    const letter: DeadLetter = {
      entity: 'sales',
      stage: 'source',
      reason: 'Quantity must be a whole number of at least 1',
      field: 'quantity',
      value: '-2',
      source_uri: '/landing/sales-0001.csv',
      source_position: 'line 17',
      raw: Buffer.from('17,3,11,5,-2,0.1,0,2018-02-05 07:38:25.430,FQL4S94E4ME1EZFTG42G'),
      failed_at: new Date('2026-11-24T01:02:03.456Z'),
    };
    expect(await serde.deserialize('sales', await serde.serialize('sales', letter))).toEqual(letter);
  });

  it('keys a bronze record by its key field as UTF-8 text', () => {
    expect(bronzeKey('sales', sale).toString('utf8')).toBe('7');
    expect(bronzeKey('carts', cart).toString('utf8')).toBe('12');
  });
});
