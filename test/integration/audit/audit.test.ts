import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport, TableResult } from '../../../audit/audit-report.ts';
import { resolveConnections } from '../../../config/connections.ts';
import { avroType } from '../../../schemas/avro/logical-types.ts';
import { readSchemaFile } from '../../../schemas/bronze-contracts.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { runCli } from '../cli-run.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

// `medallion up --once` into a warehouse of its own, then `medallion audit` over it: equal, then
// corrupted three ways, with bronze records of an older schema version and of an unknown one beside.
const GOLD = ['fact_sales', 'dim_product', 'dim_customer', 'dim_employee', 'sales_daily', 'product_performance', 'employee_metrics', 'customer_metrics'];
const SILVER = ['sales', 'products', 'employees', 'customers', 'countries', 'categories', 'cities'];
const AUDIT_MS = 1_500_000;

let warehouse: ScratchWarehouse;
let runDir: string;
const savedEnv = { ...process.env };

async function audit(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  Object.assign(process.env, env);
  const run = runCli(['audit', ...args]);
  // Assigning undefined would store the text "undefined": delete what was not set.
  for (const key of Object.keys(env)) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  return { code: await run.exited, output: run.output };
}

/** The report `--json` printed after the progress lines. */
function reportOf(output: string): AuditReport {
  return JSON.parse(output.slice(output.indexOf('\n{') + 1)) as AuditReport;
}

function table(report: AuditReport, name: string): TableResult {
  const found = report.tables?.find((t) => t.table === name);
  if (found === undefined) throw new Error(`no ${name} in the report: ${JSON.stringify(report)}`);
  return found;
}

function expectOthersEqual(report: AuditReport, except: readonly string[]): void {
  for (const t of report.tables ?? []) if (!except.includes(t.table)) expect(t.equal, `${t.table}: ${JSON.stringify(t)}`).toBe(true);
}

beforeAll(async () => {
  warehouse = await scratchWarehouse();
  process.env.MEDALLION_WAREHOUSE_URL = warehouse.url('writer');
  process.env.MEDALLION_WAREHOUSE_OWNER_URL = warehouse.url('owner');
  process.env.MEDALLION_WAREHOUSE_BI_URL = warehouse.url('bi');
  process.env.MEDALLION_WAREHOUSE_AUDIT_URL = warehouse.url('audit');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-audit-test-'));
  chmodSync(dir, 0o755);
  runDir = dir;
  const up = runCli(['up', '--once', '--scale', '2000', '--seed', '11', '--port', '0', '--dir', path.join(dir, 'run')]);
  expect(await up.exited, up.output).toBe(0);
}, 1_200_000);

afterAll(async () => {
  process.env = savedEnv;
  await warehouse?.drop();
  if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
});

describe('medallion audit', () => {
  it('after medallion up --once, exits 0 with every gold table and every silver count equal, and records the run in schema audit', async () => {
    const { code, output } = await audit();
    expect(code, output).toBe(0);
    for (const name of GOLD) expect(output).toMatch(new RegExp(`^gold\\.${name}\\s+[\\d,]+\\s+[\\d,]+\\s+0\\s+0\\s+0\\s+✔ equal$`, 'm'));
    for (const name of SILVER) expect(output).toMatch(new RegExp(`^silver\\.${name}\\s+[\\d,]+\\s+[\\d,]+\\s+0\\s+0\\s+0\\s+✔ equal$`, 'm'));
    expect(output).toMatch(/^agree: 15 tables, every one equal$/m);
    expect(output).toMatch(/^read: bronze read up to the offsets where the pipeline settled/m);

    const reader = await warehouse.connect('audit');
    const { rows } = await reader.query<{ verdict: string; facts: number; tables: number }>(
      "SELECT r.verdict, (r.report->'tables'->0->>'expected')::int AS facts, (SELECT count(*)::int FROM audit.table_results t WHERE t.run_id = r.run_id) AS tables FROM audit.runs r",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verdict: 'agree', tables: 15 });
    expect(rows[0]!.facts).toBeGreaterThan(2000);
    // The audit role writes schema audit and nothing else.
    await expect(reader.query('CREATE TABLE audit.mine (id int)')).rejects.toMatchObject({ code: '42501' });
    await expect(reader.query('DELETE FROM gold.fact_sales')).rejects.toMatchObject({ code: '42501' });
    await expect(reader.query('DELETE FROM silver.sales')).rejects.toMatchObject({ code: '42501' });
  }, AUDIT_MS);

  it('names exactly the keys and values of an amount changed, a row deleted and a row inserted (exit 1); decodes a record of an older schema version by its own schema; counts and names one of a schema id the registry does not know', async () => {
    const writer = await warehouse.connect('writer');
    const [fact] = (await writer.query<{ sale_id: string; net_amount: string }>('SELECT sale_id, net_amount FROM gold.fact_sales WHERE net_amount IS NOT NULL ORDER BY sale_id LIMIT 1')).rows;
    const [customer] = (await writer.query<Record<string, unknown> & { customer_id: number; full_name: string }>('SELECT * FROM gold.dim_customer ORDER BY customer_id DESC LIMIT 1')).rows;
    const changed = (Number(fact!.net_amount) + 0.01).toFixed(2);
    await writer.query('BEGIN');
    await writer.query('UPDATE gold.fact_sales SET net_amount = $2 WHERE sale_id = $1', [fact!.sale_id, changed]);
    await writer.query('DELETE FROM gold.dim_customer WHERE customer_id = $1', [customer!.customer_id]);
    await writer.query("INSERT INTO gold.product_performance (product_id, product_name, category_name, orders, quantity, revenue) VALUES (999999, 'Inserted', NULL, 1, 2, 3.00)");
    await writer.query('COMMIT');

    // A store sale again, as its newest version, written with the older schema version: sales before
    // total_price was added (a compatible evolution; the field's default is null). Picked with no total, its
    // values are the sale's own, so gold stays equal only if every field decodes right.
    const [sale] = (
      await writer.query<{ sales_id: number; employee_id: number; customer_id: number; product_id: number; quantity: number; discount: string; sold_at: string; order_id: string }>(
        `SELECT substr(sale_id, 7)::int AS sales_id, employee_id, customer_id, product_id, quantity, discount::text AS discount,
                to_char(sold_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sold_at, order_id
         FROM silver.sales WHERE channel = 'store' AND total_amount IS NULL ORDER BY sale_id LIMIT 1`,
      )
    ).rows;
    const current = readSchemaFile('sales');
    const older = { ...current, fields: current.fields.filter((f) => f.name !== 'total_price') };
    const { kafka, registry } = resolveConnections();
    const subject = `medallion-audit-test-${randomBytes(4).toString('hex')}-value`;
    const registered = await fetch(`${registry.url}/subjects/${subject}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema: JSON.stringify(older) }),
    });
    expect(registered.ok, await registered.clone().text()).toBe(true);
    const { id } = (await registered.json()) as { id: number };
    const frame = (schemaId: number, avro: Buffer): Buffer => {
      // Confluent's framing: a zero magic byte, the schema id (4 bytes, big-endian), the Avro bytes.
      const header = Buffer.alloc(5);
      header.writeUInt32BE(schemaId, 1);
      return Buffer.concat([header, avro]);
    };
    const value = {
      sales_id: sale!.sales_id, sales_person_id: sale!.employee_id, customer_id: sale!.customer_id, product_id: sale!.product_id, quantity: sale!.quantity,
      discount: sale!.discount, sales_date: new Date(sale!.sold_at), transaction_number: sale!.order_id.slice('store-'.length), extras: {},
      lineage: { source_kind: 'file', source_uri: 'audit-test', source_position: 'line 2', source_sequence: 2 ** 52, ingested_at: new Date() },
    };
    const unknownId = 2_000_000_000 + Math.floor(Math.random() * 1e8);
    const transport = await KafkaTransport.open({ kafka });
    try {
      const producer = await transport.producer(`medallion.audit-test-${randomBytes(4).toString('hex')}`);
      await producer.transaction((tx) =>
        tx.send([
          { topic: 'bronze.sales', key: Buffer.from(String(sale!.sales_id)), value: frame(id, avroType(older as never).toBuffer(value)) },
          { topic: 'bronze.sales', key: Buffer.from('900002'), value: frame(unknownId, avroType(current as never).toBuffer({ ...value, sales_id: 900002, total_price: null })) },
        ]),
      );
      await producer.close();
    } finally {
      await transport.close();
    }

    try {
      const { code, output } = await audit(['--json']);
      expect(code, output).toBe(1);
      const report = reportOf(output);
      expect(report.verdict).toBe('differ');
      const facts = table(report, 'gold.fact_sales');
      expect([facts.missing, facts.unexpected, facts.differing]).toEqual([0, 0, 1]);
      expect(facts.examples.differing).toEqual([{ key: { sale_id: fact!.sale_id }, columns: { net_amount: { expected: fact!.net_amount, found: changed } } }]);
      const customers = table(report, 'gold.dim_customer');
      expect([customers.missing, customers.unexpected, customers.differing]).toEqual([1, 0, 0]);
      expect(customers.examples.missing?.map((m) => m.key)).toEqual([{ customer_id: customer!.customer_id }]);
      expect(customers.examples.missing?.[0]?.expected.full_name).toBe(customer!.full_name);
      const products = table(report, 'gold.product_performance');
      expect([products.missing, products.unexpected, products.differing]).toEqual([0, 1, 0]);
      expect(products.examples.unexpected).toEqual([{ key: { product_id: 999999 }, found: { product_name: 'Inserted', category_name: null, orders: 1, quantity: 2, revenue: '3.00' } }]);
      expectOthersEqual(report, ['gold.fact_sales', 'gold.dim_customer', 'gold.product_performance']);

      // Both records counted; the older version decoded (not dead-lettered); the unknown id named.
      const reader = await warehouse.connect('audit');
      const [first] = (await reader.query<{ report: AuditReport }>('SELECT report FROM audit.runs ORDER BY started_at LIMIT 1')).rows;
      const before = first!.report.bronze!.find((b) => b.entity === 'sales')!;
      const after = report.bronze!.find((b) => b.entity === 'sales')!;
      expect(after.records).toBe(before.records + 2);
      expect(after.deadLetters).toEqual(before.deadLetters);
      expect(after.unknownSchemaIds).toEqual({ [String(unknownId)]: 1 });
      // An audit schema an earlier run left is reused: one schema, a row per run.
      const { rows } = await reader.query("SELECT (SELECT count(*)::int FROM pg_namespace WHERE nspname = 'audit') AS schemas, (SELECT count(*)::int FROM audit.runs) AS runs");
      expect(rows).toEqual([{ schemas: 1, runs: 2 }]);
    } finally {
      await fetch(`${registry.url}/subjects/${subject}`, { method: 'DELETE' });
    }
  }, AUDIT_MS);

  it.each([
    ['kafka', { MEDALLION_KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' }, 'MEDALLION_KAFKA_BOOTSTRAP_SERVERS'],
    ['registry', { MEDALLION_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7' }, 'MEDALLION_REGISTRY_URL'],
    ['warehouse', { MEDALLION_WAREHOUSE_BI_URL: 'postgres://warehouse_bi:warehouse_bi@127.0.0.1:1/warehouse' }, 'MEDALLION_WAREHOUSE_BI_URL'],
  ])('exits 2 naming the service and the fix when %s does not answer', async (service, env, variable) => {
    const { code, output } = await audit(['--json'], env);
    expect(code, output).toBe(2);
    const report = reportOf(output);
    expect(report.error?.service).toBe(service);
    expect(report.error?.fix).toContain(variable);
  }, 120_000);
});
