import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_PLUGINS } from '../../../connect-config/connect-plugins.ts';
import { connect, hex, medallion } from '../connectors/connectors-kit.ts';
import { airflow, airflowEnv, runState } from './airflow-kit.ts';

// medallion_connectors through `airflow dags test`, on a connector of its own (a folder of one file, passed as the run's conf).
const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-airflow-connectors-'));
const name = `test-airflow-sink-${hex()}`;
const missing = path.join(dir, 'not-yet');

/** A FileStreamSink whose task fails while its folder is missing (it validates without looking). */
async function failingConnector(): Promise<void> {
  await connect.delete(name);
  const strings = 'org.apache.kafka.connect.storage.StringConverter';
  const config = { 'connector.class': CONNECT_PLUGINS.fileSink, 'tasks.max': '1', topics: '_connect-status', file: path.join(missing, 'out.txt'), 'key.converter': strings, 'value.converter': strings };
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ name, config }));
  const applied = await medallion(['connectors', 'apply', '--dir', dir, '--timeout', '60']);
  expect(applied.stderr).toContain(`connector ${name}: task 0 FAILED`);
}

function checkConnectors(): ReturnType<typeof airflow> {
  return airflow(['dags', 'test', 'medallion_connectors', '--conf', JSON.stringify({ dir, connectors: [name] })]);
}

beforeAll(() => airflowEnv(), 600_000);

afterAll(async () => {
  await connect.delete(name);
  rmSync(dir, { recursive: true, force: true });
});

describe('medallion_connectors', () => {
  it('restarts a connector whose task failed, once its cause is gone, and the run passes', async () => {
    await failingConnector();
    mkdirSync(missing);
    const run = await checkConnectors();
    expect(runState(run.output), run.output.slice(-5000)).toBe('success');
    expect(run.output).toMatch(new RegExp(`${name}\\s+sink\\s+RUNNING\\s+0 FAILED`));
    expect(run.output).toContain(`↻ ${name}: failed tasks restarted`);
    expect(run.output).toContain(`✔ ${name}: RUNNING with 1 task`);
    expect((await connect.status(name))?.tasks[0]?.state).toBe('RUNNING');
  }, 900_000);

  it('fails with the connector\'s own error when the restarted task fails again', async () => {
    rmSync(missing, { recursive: true, force: true });
    await failingConnector();
    const run = await checkConnectors();
    expect(runState(run.output), run.output.slice(-5000)).toBe('failed');
    expect(run.output).toMatch(/ALERT medallion_connectors\.restart_failed in run .*: medallion connectors restart .* exited 1/);
    expect(run.output).toContain(`${missing}/out.txt`);
  }, 900_000);
});
