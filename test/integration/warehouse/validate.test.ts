import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import { compareWithExpectedGold, goldMatches } from '../../../checks/expected-gold.ts';
import { layerContracts } from '../../../schemas/layer-contracts.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { loadExpectedGold, loadExpectedSilver } from '../../../generator/load-csv.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { validateWarehouse } from '../../../checks/validate/validate-warehouse.ts';
import type { CheckResult } from '../../../checks/validate/validation-result.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

const failures = (results: readonly CheckResult[]) => results.filter((r) => r.status === 'fail');

/** The enrichment of a tidy dataset, every dimension known: written here by nested lookups rather than the joins of warehouse/enriched-sales-sql.ts. */
const NESTED_LOOKUP_ENRICHMENT = `
        SELECT s.*, p.product_name, p.category_id, (SELECT category_name FROM silver.categories WHERE category_id = p.category_id),
               concat_ws(' ', cu.first_name, cu.middle_initial || '.', cu.last_name), cu.city_id,
               (SELECT city_name FROM silver.cities WHERE city_id = cu.city_id),
               (SELECT country_id FROM silver.cities WHERE city_id = cu.city_id),
               (SELECT country_name FROM silver.countries WHERE country_id = (SELECT country_id FROM silver.cities WHERE city_id = cu.city_id)),
               (SELECT concat_ws(' ', first_name, middle_initial || '.', last_name) FROM silver.employees WHERE employee_id = s.employee_id),
               '{}'
        FROM silver.sales s, silver.products p, silver.customers cu
        WHERE p.product_id = s.product_id AND cu.customer_id = s.customer_id`;

describe('medallion validate over a warehouse loaded with a generated dataset', () => {
  let dir: string;
  let warehouse: ScratchWarehouse;
  let writer: pg.Client;
  let manifestGold: Record<string, number>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'medallion-validate-'));
    manifestGold = (await generateDataset({ out: dir, scale: 2000, seed: 7, untidy: false, force: true }, () => {})).gold;
    warehouse = await scratchWarehouse();
    writer = await warehouse.connect('writer');
    await migrateWarehouse(await warehouse.connect('owner'));
  });
  afterAll(async () => {
    await warehouse.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await loadExpectedSilver(writer, path.join(dir, 'expected/clean'));
    await loadExpectedGold(writer, path.join(dir, 'expected/gold'));
    await writer.query('TRUNCATE silver.sales_enriched');
  });

  it('loads expected gold equal to the generator\'s files', async () => {
    expect(goldMatches(await compareWithExpectedGold(writer, path.join(dir, 'expected/gold')))).toBe(true);
    const { rows } = await writer.query<{ n: number }>('SELECT count(*)::int AS n FROM gold.fact_sales');
    expect(rows[0]!.n).toBe(manifestGold.fact_sales);
  });

  it('passes every check', async () => {
    const report = await validateWarehouse(writer, { now: new Date('2018-06-01T00:00:00Z'), freshnessThresholdMs: 365 * 86_400_000 });
    expect(failures(report.results)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.results.filter((r) => r.check === 'reference-gold').map((r) => r.status)).toEqual(Array(8).fill('pass'));
    expect(report.results.find((r) => r.subject === 'gold.fact_sales' && r.check === 'rows')?.detail).toBe(`${manifestGold.fact_sales!.toLocaleString('en-US')} rows`);
  });

  it('fails on a deliberately broken gold row and names it, with both versions', async () => {
    const { rows } = await writer.query<{ sale_id: string }>("UPDATE gold.fact_sales SET quantity = quantity + 1 WHERE sale_id = (SELECT min(sale_id) FROM gold.fact_sales WHERE channel = 'store') RETURNING sale_id");
    const saleId = rows[0]!.sale_id;
    const report = await validateWarehouse(writer);
    expect(report.ok).toBe(false);
    const failed = failures(report.results);
    expect(failed.map((r) => `${r.check} ${r.subject}`)).toEqual(['reference-gold gold.fact_sales']);
    expect(failed[0]!.detail).toBe('1 reference row(s) missing or different, 1 warehouse row(s) not in the reference');
    expect(failed[0]!.atFault).toHaveLength(1);
    expect(failed[0]!.atFault[0]).toMatch(new RegExp(`^sale_id=${saleId}: warehouse \\{.*\\} \\| reference \\{.*\\}$`));
  });

  it('fails on a fact whose product is missing from its dimension, naming the sale lines', async () => {
    const { rows } = await writer.query<{ product_id: number }>('DELETE FROM gold.dim_product WHERE product_id = (SELECT min(product_id) FROM gold.dim_product) RETURNING product_id');
    const productId = rows[0]!.product_id;
    const orphans = await writer.query<{ sale_id: string }>('SELECT sale_id FROM gold.fact_sales WHERE product_id = $1 ORDER BY sale_id LIMIT 5', [productId]);
    const report = await validateWarehouse(writer);
    const dimension = failures(report.results).find((r) => r.check === 'dimension-keys');
    expect(dimension?.subject).toBe('gold.fact_sales.product_id');
    expect(dimension?.atFault).toEqual(orphans.rows.map((r) => `sale_id=${r.sale_id}`));
    // The reference still has the product, so gold differs from it too.
    expect(failures(report.results).find((r) => r.check === 'reference-gold')?.subject).toBe('gold.dim_product');
  });

  it('reports records per topic beside the rows when given a transport', async () => {
    const transport = new InProcessTransport();
    await transport.ensureTopics([...layerContracts('silver'), ...layerContracts('gold')].map((c) => ({ name: c.topic, partitions: 2 })));
    const producer = await transport.producer('validate-test');
    await producer.transaction((tx) => tx.send([1, 2, 3].map((i) => ({ topic: 'gold.fact_sales', key: Buffer.from(`k${i}`), value: Buffer.from('v') }))));
    const report = await validateWarehouse(writer, { transport });
    expect(report.results.find((r) => r.check === 'rows' && r.subject === 'gold.fact_sales')?.detail).toBe(`${manifestGold.fact_sales!.toLocaleString('en-US')} rows; topic gold.fact_sales at offset 3`);
    expect(report.results.find((r) => r.check === 'rows' && r.subject === 'silver.sales')?.detail).toMatch(/; topic silver\.sales at offset 0$/);
    expect(report.results.find((r) => r.subject === 'dlq.warehouse')).toMatchObject({ status: 'info', detail: 'no such topic: the TypeScript sink has not run here' });
    await transport.ensureTopics([{ name: 'dlq.warehouse', partitions: 1 }]);
    await producer.transaction((tx) => tx.send([{ topic: 'dlq.warehouse', key: null, value: Buffer.from('letter') }]));
    expect((await validateWarehouse(writer, { transport })).results.find((r) => r.subject === 'dlq.warehouse')?.status).toBe('warn');
    expect(report.notes).toEqual([]);
    await transport.close();
  });

  it('loads silver.sales_enriched from the loaded silver tables, as the enrichment would write it', async () => {
    await loadExpectedSilver(writer, path.join(dir, 'expected/clean'));
    const { rows } = await writer.query<{ loaded: number; sales: number; differing: number }>(`
      SELECT (SELECT count(*)::int FROM silver.sales_enriched) AS loaded, (SELECT count(*)::int FROM silver.sales) AS sales,
             (SELECT count(*)::int FROM ((TABLE silver.sales_enriched EXCEPT ALL ${NESTED_LOOKUP_ENRICHMENT}) UNION ALL (${NESTED_LOOKUP_ENRICHMENT} EXCEPT ALL TABLE silver.sales_enriched)) d) AS differing`);
    expect(rows[0]!.loaded).toBe(rows[0]!.sales);
    expect(rows[0]!.loaded).toBeGreaterThan(0);
    expect(rows[0]!.differing).toBe(0);
  });

  it('warns while silver.sales_enriched is empty beside sales (the enrichment has not run, or its sink is behind)', async () => {
    const report = await validateWarehouse(writer);
    expect(report.results.find((r) => r.check === 'enriched-sales')).toMatchObject({ status: 'warn', subject: 'silver.sales_enriched' });
  });

  describe('checks silver.sales_enriched against silver.sales joined with its dimensions', () => {
    beforeEach(async () => {
      await writer.query(`INSERT INTO silver.sales_enriched ${NESTED_LOOKUP_ENRICHMENT}`);
    });
    const enrichedCheck = async () => (await validateWarehouse(writer)).results.find((r) => r.check === 'enriched-sales')!;

    it('passes when they are equal and every sale is enriched', async () => {
      const { rows } = await writer.query<{ n: number }>('SELECT count(*)::int AS n FROM silver.sales');
      expect(await enrichedCheck()).toMatchObject({ status: 'pass', detail: `equals silver.sales joined with its dimensions, every sale enriched (${rows[0]!.n.toLocaleString('en-US')} rows)` });
    });

    it('fails on a name that differs from its dimension, naming the sale with both versions', async () => {
      const { rows } = await writer.query<{ sale_id: string }>("UPDATE silver.sales_enriched SET product_name = 'Wrong' WHERE sale_id = (SELECT min(sale_id) FROM silver.sales_enriched) RETURNING sale_id");
      const check = await enrichedCheck();
      expect(check).toMatchObject({ status: 'fail', detail: '1 joined row(s) missing or different, 1 row(s) not in silver.sales joined with its dimensions' });
      expect(check.atFault).toHaveLength(1);
      expect(check.atFault[0]).toMatch(new RegExp(`^sale_id=${rows[0]!.sale_id}: warehouse \\{.*"product_name":"Wrong".*\\} \\| reference \\{.*\\}$`));
    });

    it('warns on sales that name a dimension silver does not hold, and fails while their rows still show it', async () => {
      const { rows } = await writer.query<{ employee_id: number }>('DELETE FROM silver.employees WHERE employee_id = (SELECT min(employee_id) FROM silver.employees) RETURNING employee_id');
      const employeeId = rows[0]!.employee_id;
      expect((await enrichedCheck()).status).toBe('fail');
      const sales = await writer.query<{ sale_id: string }>("UPDATE silver.sales_enriched SET employee_name = NULL, missing = '{employee}' WHERE employee_id = $1 RETURNING sale_id", [employeeId]);
      const ids = sales.rows.map((r) => r.sale_id).sort();
      expect(ids.length).toBeGreaterThan(0);
      const check = await enrichedCheck();
      expect(check).toMatchObject({ status: 'warn', detail: `${ids.length.toLocaleString('en-US')} sale(s) name a dimension silver does not hold` });
      expect(check.atFault).toEqual(ids.slice(0, 5).map((id) => `${id} (employee)`));
    });
  });

  it('fails freshness past the threshold', async () => {
    const report = await validateWarehouse(writer, { freshnessThresholdMs: 3_600_000 });
    expect(failures(report.results).map((r) => r.check)).toEqual(['freshness']);
  });
});
