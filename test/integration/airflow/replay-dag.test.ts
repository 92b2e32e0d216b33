import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medallion } from '../connectors/connectors-kit.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';
import { airflow, airflowEnv, runState } from './airflow-kit.ts';

// medallion_replay's bad input through `airflow dags test`: alerts go to a warehouse of its own.
let warehouse: ScratchWarehouse;
let env: Record<string, string>;

beforeAll(async () => {
  warehouse = await scratchWarehouse();
  const url = warehouse.url('writer');
  env = { MEDALLION_WAREHOUSE_URL: url, MEDALLION_WAREHOUSE_OWNER_URL: warehouse.url('owner'), AIRFLOW_CONN_MEDALLION_WAREHOUSE: url };
  const [migrated] = await Promise.all([medallion(['warehouse', 'migrate'], env), airflowEnv()]);
  expect(migrated.code, migrated.stderr).toBe(0);
}, 600_000);

afterAll(() => warehouse?.drop());

describe('medallion_replay', () => {
  it('fails on a bad from before touching anything, naming the value and the accepted forms, and raises the alert', async () => {
    const run = await airflow(['dags', 'test', 'medallion_replay', '--conf', JSON.stringify({ from: 'yesterday' })], env);
    expect(runState(run.output), run.output.slice(-5000)).toBe('failed');
    expect(run.output).toContain('--from "yesterday" is neither earliest nor an ISO 8601 date-time.');
    // Not retried (a bad value stays bad), and nothing after it ran.
    expect(run.output.match(/running \S+ \S+medallion\.cjs replay --from yesterday/g)).toHaveLength(1);
    expect(run.output).not.toMatch(/medallion\.cjs (reconcile|validate)/);
    const client = await warehouse.connect('writer');
    const { rows } = await client.query<{ task_id: string; message: string }>("SELECT task_id, message FROM meta.alerts WHERE dag_id = 'medallion_replay'");
    expect(rows).toEqual([{ task_id: 'replay', message: expect.stringContaining('--from "yesterday" is neither earliest nor an ISO 8601 date-time.') }]);
  }, 600_000);
});
