import type { Client } from '@confluentinc/schemaregistry';
import type { GoldRecords } from '../../../../schemas/generated/gold-types.ts';
import type { SilverKeys, SilverRecords } from '../../../../schemas/generated/silver-types.ts';
import { layerContract, type GoldTableName, type SilverEntity } from '../../../../schemas/layer-contracts.ts';
import { goldSerde, silverSerde } from '../../../../schemas/layer-serde.ts';
import type { OutgoingRecord } from '../../../../transport/transport.ts';
import { sentOf, type ProcessorHarness } from '../processor-harness.ts';

/** Test helpers for the gold processor: silver records in, decoded gold rows out. */
export const product = (id: number, price: string, category = 1): SilverRecords['products'] => ({
  product_id: id,
  product_name: `Product ${id}`,
  price,
  category_id: category,
  class: null,
  modify_date: null,
  resistant: null,
  is_allergic: null,
  vitality_days: null,
});

export const customer = (id: number, city = 1): SilverRecords['customers'] => ({ customer_id: id, first_name: 'Ann', middle_initial: null, last_name: `Cole${id}`, full_name: `Ann Cole${id}`, city_id: city, address: null });

export const employee = (id: number, city = 1): SilverRecords['employees'] => ({
  employee_id: id,
  first_name: 'Bob',
  middle_initial: 'C',
  last_name: `Dean${id}`,
  full_name: `Bob C. Dean${id}`,
  birth_date: null,
  gender: null,
  city_id: city,
  hire_date: null,
});

export const storeSale = (id: number, order: string, productId: number, quantity: number, extra: Partial<SilverRecords['sales']> = {}): SilverRecords['sales'] => ({
  sale_id: `store-${id}`,
  channel: 'store',
  order_id: `store-${order}`,
  sold_at: new Date('2018-02-05T07:38:25.430Z'),
  customer_id: 1,
  employee_id: 1,
  product_id: productId,
  quantity,
  unit_price: null,
  discount: '0.0000',
  total_amount: null,
  ...extra,
});

export interface GoldRow<T extends GoldTableName = GoldTableName> {
  readonly table: T;
  readonly key: unknown;
  readonly value: GoldRecords[T] | null;
}

export class GoldDriver {
  constructor(
    private readonly harness: ProcessorHarness,
    private readonly registry: Client,
  ) {}

  /** Feeds a silver record (or a tombstone for `key`) and returns the gold rows it sent. */
  async send<E extends SilverEntity>(entity: E, key: SilverKeys[E], value: SilverRecords[E] | null): Promise<GoldRow[]> {
    const serde = silverSerde(this.registry);
    const outcome = await this.harness.feed(layerContract('silver', entity).topic, await serde.key.serialize(entity, key), value === null ? null : await serde.value.serialize(entity, value));
    return this.decode(sentOf(outcome));
  }

  /** Feeds silver records (or tombstones) as one batch and returns the gold rows the batch sent. */
  async sendBatch(records: readonly { entity: SilverEntity; key: SilverKeys[SilverEntity]; value: SilverRecords[SilverEntity] | null }[]): Promise<GoldRow[]> {
    const serde = silverSerde(this.registry);
    const inputs = await Promise.all(
      records.map(async ({ entity, key, value }) => ({
        topic: layerContract('silver', entity).topic,
        key: await serde.key.serialize(entity, key as never),
        value: value === null ? null : await serde.value.serialize(entity, value as never),
      })),
    );
    return this.decode(await this.harness.feedBatch(inputs));
  }

  private async decode(records: readonly OutgoingRecord[]): Promise<GoldRow[]> {
    const serde = goldSerde(this.registry);
    return Promise.all(
      records.map(async (r) => {
        const table = r.topic.replace(/^gold\./, '') as GoldTableName;
        return { table, key: await serde.key.deserialize(table, r.key!), value: r.value === null ? null : await serde.value.deserialize(table, r.value) };
      }),
    );
  }
}

export function rowsOf<T extends GoldTableName>(rows: readonly GoldRow[], table: T): GoldRow<T>[] {
  return rows.filter((r): r is GoldRow<T> => r.table === table);
}
