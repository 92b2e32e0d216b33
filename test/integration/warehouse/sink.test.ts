import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { withPostgres } from '../../../stack/services/postgres-session.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows, sinkHarness, type Change, type SinkHarness } from './sink-harness.ts';

const endpoint = stackEndpoints().postgres;
const admin = <T>(sql: string, params: unknown[] = []): Promise<T[]> => withPostgres(endpoint, endpoint.admin, 'postgres', async (c) => (await c.query(sql, params)).rows as T[]);

const many = (from: number, count: number): Change[] => Array.from({ length: count }, (_, i) => factSaleChange(factSale(from + i)));

describe('the warehouse sink', () => {
  let h: SinkHarness;
  beforeEach(async () => {
    h = await sinkHarness();
  });
  afterEach(() => h.close());

  it('writes the latest version of each key, deletes tombstoned keys, and only the columns a table has', async () => {
    const changes: Change[] = [
      ...many(1, 120),
      factSaleChange(factSale(7, { quantity: 42, net_amount: null })),
      { gold: 'fact_sales', key: { sale_id: 'store-8' }, value: null },
      { silver: 'customers', key: { customer_id: 1 }, value: { customer_id: 1, first_name: 'Ann', middle_initial: null, last_name: "O'Cole", full_name: "Ann O'Cole", city_id: 3, address: 'Line 1\nLine\t2 \\ end' } },
      { gold: 'sales_daily', key: { sale_date: '2024-01-02', channel: 'store' }, value: { sale_date: '2024-01-02', channel: 'store', orders: 3, quantity: 7, revenue: '12.50' } },
    ];
    await h.produce(changes.slice(0, 60));
    await h.produce(changes.slice(60));
    const sink = await h.startSink();
    await sink.settled();

    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(changes));
    const customers = await h.writer.query('SELECT * FROM silver.customers');
    expect(customers.rows).toEqual([{ customer_id: 1, first_name: 'Ann', middle_initial: null, last_name: "O'Cole", city_id: 3, address: 'Line 1\nLine\t2 \\ end' }]);
    const daily = await h.writer.query('SELECT sale_date::text, channel, orders::int, quantity::int, revenue::text FROM gold.sales_daily');
    expect(daily.rows).toEqual([{ sale_date: '2024-01-02', channel: 'store', orders: 3, quantity: 7, revenue: '12.50' }]);
    const positions = await h.writer.query<{ n: string }>('SELECT sum(next_offset)::text AS n FROM meta.sink_positions WHERE sink = $1', [h.sinkName]);
    expect(positions.rows[0]!.n).toBe(String(changes.length));
  });

  it('writes enriched sales with the dimensions they miss as a text array, and rewrites them as the dimensions come', async () => {
    const sale = { sale_id: 'store-1', channel: 'store', order_id: 'store-T1', sold_at: new Date('2018-02-05T07:38:25.430Z'), customer_id: 1, employee_id: 2, product_id: 5, quantity: 2, unit_price: null, discount: '0.1000', total_amount: null };
    const late = { ...sale, product_name: null, category_id: null, category_name: null, customer_name: 'Ann O\'Cole', city_id: 3, city_name: 'Oslo', country_id: 4, country_name: null, employee_name: null, missing: ['product', 'category', 'country', 'employee'] };
    const odd = { ...late, sale_id: 'store-2', missing: ['a,b', 'say "hi"', 'back\\slash'] };
    const sink = await h.startSink();
    await h.produce([late, odd].map((value) => ({ silver: 'sales_enriched', key: { sale_id: value.sale_id }, value })));
    await sink.settled();
    const rows = async () => (await h.writer.query('SELECT sale_id, product_name, country_name, missing FROM silver.sales_enriched ORDER BY sale_id')).rows;
    expect(await rows()).toEqual([
      { sale_id: 'store-1', product_name: null, country_name: null, missing: ['product', 'category', 'country', 'employee'] },
      { sale_id: 'store-2', product_name: null, country_name: null, missing: ['a,b', 'say "hi"', 'back\\slash'] },
    ]);
    const complete = { ...late, product_name: 'Milk', category_id: 1, category_name: 'Dairy', country_name: 'Norway', employee_name: 'Bob C. Dean', missing: [] };
    await h.produce([{ silver: 'sales_enriched', key: { sale_id: 'store-1' }, value: complete }]);
    await sink.settled();
    expect((await rows())[0]).toEqual({ sale_id: 'store-1', product_name: 'Milk', country_name: 'Norway', missing: [] });
    expect(await h.deadLetters()).toEqual([]);
  });

  it('applies later records as they arrive, upserting changed rows and deleting tombstoned ones, and notifies gold_changed', async () => {
    const listener = await h.warehouse.connect('bi');
    const changed = new Set<string>();
    listener.on('notification', (n) => changed.add(n.payload ?? ''));
    await listener.query('LISTEN gold_changed');
    const sink = await h.startSink();
    const first = many(1, 30);
    await h.produce(first);
    await sink.settled();
    const corrected = factSaleChange(factSale(3, { quantity: 9, net_amount: '999.99' }));
    const deleted: Change = { gold: 'fact_sales', key: { sale_id: 'store-4' }, value: null };
    await h.produce([corrected, deleted]);
    await sink.settled();
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales([...first, corrected, deleted]));
    await listener.query('SELECT 1'); // a round trip, so notifications sent before it have arrived
    expect([...changed]).toEqual(['fact_sales']);
  });

  it('writes each row once whether a batch holds new keys only or also keys already there, in any order of such batches', async () => {
    const sink = await h.startSink({ maxBatch: 1000 });
    const batches: Change[][] = [
      many(1, 50),
      // A key already there among new ones: the straight COPY of new keys fails on it and is undone, so only the upsert counts.
      [...many(51, 20), factSaleChange(factSale(10, { quantity: 5 })), ...many(71, 20)],
      many(91, 30),
      [factSaleChange(factSale(95, { quantity: 7 })), ...many(121, 10)],
      many(131, 10),
    ];
    for (const batch of batches) {
      await h.produce(batch);
      await sink.settled();
    }
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(batches.flat()));
    expect(sink.snapshot().tables['gold.fact_sales']).toEqual({ upserted: 50 + 41 + 30 + 11 + 10, deleted: 0, unchanged: 0, refused: 0 });
  });

  it('changes nothing when every record is delivered again from offset 0', async () => {
    const changes = [...many(1, 200), { gold: 'fact_sales', key: { sale_id: 'store-9' }, value: null } as Change];
    await h.produce(changes);
    const first = await h.startSink();
    await first.settled();
    await first.stop();
    const before = await h.writer.query('SELECT sale_id, xmin::text FROM gold.fact_sales ORDER BY sale_id');

    await h.writer.query('DELETE FROM meta.sink_positions WHERE sink = $1', [h.sinkName]);
    // One batch, as a consumer that reads the whole log at once: store-9's insert and tombstone fold into the tombstone.
    const again = await h.startSink({ maxBatch: 1000 });
    await again.settled();
    const after = await h.writer.query('SELECT sale_id, xmin::text FROM gold.fact_sales ORDER BY sale_id');
    // Same rows, and not one rewritten (a rewritten row gets a new xmin).
    expect(after.rows).toEqual(before.rows);
    expect(again.snapshot().tables['gold.fact_sales']).toEqual({ upserted: 0, deleted: 0, unchanged: 199, refused: 0 });
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(changes));
  });

  it('dead-letters a record that breaks a constraint, naming it, and goes on', async () => {
    const good = many(1, 20);
    const bad = factSaleChange(factSale(500, { quantity: 0 }));
    const badDate = factSaleChange(factSale(501, { sale_date: '1999-01-01' }));
    await h.produce([...good.slice(0, 10), bad, badDate, ...good.slice(10)]);
    const sink = await h.startSink();
    await sink.settled();
    const later = many(100, 5);
    await h.produce(later);
    await sink.settled();

    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales([...good, ...later]));
    const letters = await h.deadLetters();
    expect(letters.map((l) => ({ entity: l.entity, stage: l.stage, uri: l.source_uri, field: l.field, value: l.value })).sort((a, b) => (a.value ?? '').localeCompare(b.value ?? ''))).toEqual([
      { entity: 'fact_sales', stage: 'gold', uri: 'gold.fact_sales', field: null, value: null },
      { entity: 'fact_sales', stage: 'gold', uri: 'gold.fact_sales', field: null, value: null },
    ]);
    const reasons = letters.map((l) => l.reason).sort();
    expect(reasons[0]).toContain('fact_sales_quantity_positive');
    expect(reasons[1]).toContain('fact_sales_sale_date_of_sold_at');
    expect(h.events.filter((e) => e.kind === 'dead-lettered').map((e) => e.kind === 'dead-lettered' && e.constraint).sort()).toEqual(['fact_sales_quantity_positive', 'fact_sales_sale_date_of_sold_at']);
  });

  it('dead-letters a record whose bytes do not decode, and one without a key', async () => {
    const producer = await h.transport.producer(`garbage-${h.sinkName}`);
    await h.produce(many(1, 5));
    await producer.transaction((tx) =>
      tx.send([
        { topic: 'gold.fact_sales', key: Buffer.from('not avro'), value: Buffer.from([0, 0, 0, 0, 1, 0xff, 0xff]) },
        { topic: 'gold.dim_product', key: null, value: null },
      ]),
    );
    await producer.close();
    await h.produce(many(6, 5));
    const sink = await h.startSink();
    await sink.settled();

    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(many(1, 10)));
    const letters = await h.deadLetters();
    expect(letters.map((l) => [l.entity, l.reason.split(':').slice(0, 2).join(':')]).sort()).toEqual([
      ['dim_product', 'gold.dim_product refused it: undecodable'],
      ['fact_sales', 'gold.fact_sales refused it: undecodable'],
    ]);
    expect(letters.find((l) => l.entity === 'fact_sales')?.raw).toEqual(Buffer.from([0, 0, 0, 0, 1, 0xff, 0xff]));
  });

  it('commits rows and positions atomically: a sink killed mid-batch leaves nothing of it, and its successor applies it once', async () => {
    await h.produce(many(1, 40));
    const locker = await h.warehouse.connect('writer');
    // Holds the sink's batch inside its transaction, after its rows and before its positions.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE meta.sink_positions IN EXCLUSIVE MODE');
    const doomed = await h.startSink({ maxBatch: 1000, retry: { firstMs: 600_000, maxMs: 600_000 } });
    const pid = await waitForBlockedSink(h);

    await admin('SELECT pg_terminate_backend($1)', [pid]);
    await doomed.stop();
    await locker.query('ROLLBACK');
    const left = await h.writer.query("SELECT (SELECT count(*)::int FROM gold.fact_sales) AS rows, (SELECT count(*)::int FROM meta.sink_positions) AS positions");
    expect(left.rows).toEqual([{ rows: 0, positions: 0 }]);

    const successor = await h.startSink();
    await successor.settled();
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(many(1, 40)));
    expect(successor.snapshot().tables['gold.fact_sales']).toEqual({ upserted: 40, deleted: 0, unchanged: 0, refused: 0 });
  });

  it('retries while the warehouse refuses connections, then catches up without loss or duplicates', async () => {
    const sink = await h.startSink({ retry: { firstMs: 20, maxMs: 200 } });
    const first = many(1, 30);
    await h.produce(first);
    await sink.settled();

    const db = h.warehouse.database;
    await admin(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS false`);
    await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'medallion-sink:%'", [db]);
    const second = many(31, 30);
    await h.produce(second);
    await waitFor(() => h.events.some((e) => e.kind === 'waiting' && e.outage.attempt >= 3));
    expect(sink.snapshot()).toMatchObject({ status: 'waiting', waitingFor: expect.stringMatching(/^waiting for PostgreSQL at 127\.0\.0\.1:\d+ since \d\d:\d\d:\d\d UTC: /) });
    await admin(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);

    await sink.settled();
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales([...first, ...second]));
    expect(h.events.some((e) => e.kind === 'resumed' && e.outage.service === 'PostgreSQL')).toBe(true);
    expect(sink.snapshot().waitingFor).toBeNull();
    // Doubling from 20 ms, each wait between half its ceiling and all of it (jitter).
    const waits = h.events.flatMap((e) => (e.kind === 'waiting' ? [e.outage.retryInMs] : []));
    expect(waits.slice(0, 3).map((ms, i) => ms >= 10 * 2 ** i && ms <= 20 * 2 ** i)).toEqual([true, true, true]);
  });

  it('refuses a second sink of the same name', async () => {
    await h.startSink();
    await expect(h.startSink()).rejects.toMatchObject({ code: 'sink-already-running' });
  });
});

/** Polls a condition until it holds (the test's own timeout bounds it). */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

async function waitForBlockedSink(h: SinkHarness): Promise<number> {
  let pid: number | undefined;
  await waitFor(async () => {
    const rows = await admin<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'", [h.warehouse.database, `medallion-sink:${h.sinkName}`]);
    pid = rows[0]?.pid;
    return pid !== undefined;
  });
  return pid!;
}
