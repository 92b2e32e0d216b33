import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { airflowApi, type AirflowApi } from '../../../orchestration/airflow-runner/airflow-api.ts';
import { airflowDown, airflowStatus, airflowUp } from '../../../orchestration/airflow-runner/airflow-stack.ts';
import { deadLetterSerde } from '../../../schemas/record-serde.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { stackContext } from '../../../stack/stack.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import { leaseStack, mayStopStack } from '../../stack-lease.ts';
import { hex } from '../connectors/connectors-kit.ts';

// `medallion airflow up` as a user runs it, then a dead letter on dlq.sales: the AssetWatcher's Kafka
// trigger starts medallion_dead_letters, whose summary names it. Stage `source`: reconciliation does not
// count those against bronze, so other runs sharing the topic are not disturbed.
const ctx = stackContext();
let release: () => number[];
let startedAirflow = false;
let api: AirflowApi;

interface Summary {
  groups: { entity: string; reason: string; count: number; example: { value: string } }[];
}

interface Run {
  dag_run_id: string;
  run_type: string;
  state: string;
  start_date: string | null;
}

beforeAll(async () => {
  release = leaseStack();
  startedAirflow = !(await airflowStatus(ctx)).health.healthy;
  const status = await airflowUp(ctx, () => {});
  api = airflowApi({ url: status.url, user: status.user, password: status.password! });
}, 600_000);

afterAll(async () => {
  if (startedAirflow && mayStopStack(release(), 'Airflow')) await airflowDown(ctx);
}, 120_000);

describe('medallion_dead_letters', () => {
  it('runs from a dead letter written to a dlq topic and summarises it by entity and rule', async () => {
    const reason = `airflow-test-${hex()}: quantity must be a number`;
    const connections = resolveConnections();
    const transport = await openTransport({ kind: 'kafka', kafka: connections.kafka });
    const written = Date.now();
    try {
      const value = await deadLetterSerde(registryClient(connections.registry)).serialize('sales', {
        entity: 'sales',
        stage: 'source',
        reason,
        field: 'quantity',
        value: '12x',
        source_uri: 'airflow-test.csv',
        source_position: 'line 2',
        raw: Buffer.from('1,2,3,4,12x'),
        failed_at: new Date(written),
      });
      const producer = await transport.producer(`test-airflow-dead-letter-${hex()}`);
      await producer.transaction((tx) => tx.send([{ topic: 'dlq.sales', key: null, value }]));
      await producer.close();
    } finally {
      await transport.close();
    }

    // Runs queue one at a time behind others' dead letters: find the one that summarised ours.
    let found: Summary | undefined;
    for (const deadline = Date.now() + 600_000; found === undefined && Date.now() < deadline; await new Promise((r) => setTimeout(r, 3000))) {
      const { dag_runs: runs } = await api.get<{ dag_runs: Run[] }>('/api/v2/dags/medallion_dead_letters/dagRuns?order_by=-start_date&limit=20');
      for (const run of runs.filter((r) => r.run_type === 'asset_triggered' && r.state === 'success' && r.start_date !== null && Date.parse(r.start_date) >= written)) {
        const xcom = await api.get<{ value: unknown }>(`/api/v2/dags/medallion_dead_letters/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances/summarise/xcomEntries/return_value`);
        const summary: Summary = (typeof xcom.value === 'string' ? JSON.parse(xcom.value) : xcom.value) as Summary;
        if (summary.groups.some((g) => g.reason === reason)) found = summary;
      }
    }
    expect(found, 'no successful asset-triggered run summarised the dead letter within 10 minutes').toBeDefined();
    expect(found!.groups).toContainEqual(expect.objectContaining({ entity: 'sales', reason, count: 1, example: expect.objectContaining({ value: '12x' }) }));
  }, 900_000);
});
