import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { changeTopicSpecs } from '../../../../processors/mysql-cdc/cdc-topics.ts';
import { PROJECT_ROOT } from '../../../../config/paths.ts';
import { stackKafka } from '../../stack-kafka.ts';

/*
 * `medallion processors run` is what a processors container runs, so on Kafka it
 * runs the MySQL CDC adapters too: a split deployment (file-source, sources and
 * processors containers) fills bronze.categories and bronze.cities without `up`.
 * An operational database of the test's own name keeps its change topics apart.
 */
const database = `clitest_${randomBytes(3).toString('hex')}`;
const mysql = new URL(resolveConnections().mysqlUrl);
mysql.pathname = `/${database}`;
const adapters = [`mysql-cdc-cdc.${database}.categories`, `mysql-cdc-cdc.${database}.cities`];

function medallion(args: readonly string[]): { output: () => string; exited: Promise<number | null>; stop: () => void } {
  const child = spawn(process.execPath, ['cli/bin/medallion.cjs', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, MEDALLION_MYSQL_URL: mysql.toString(), FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stop: () => child.kill('SIGTERM') };
}

afterAll(() => stackKafka.dropTopics(changeTopicSpecs({ database }).map((t) => t.name)));

describe('medallion processors on Kafka', () => {
  it('lists the CDC adapters of the operational database beside the silver and gold processors', async () => {
    const list = medallion(['processors', 'list']);
    expect(await list.exited, list.output()).toBe(0);
    for (const name of adapters) expect(list.output()).toContain(`${name}: cdc.${database}.`);
    expect(list.output()).toContain('silver-sales:');
  });

  it('runs the CDC adapters as a processors container does, and stops them cleanly on SIGTERM', async () => {
    const run = medallion(['processors', 'run', ...adapters, '--namespace', `clitest-${database}`, '--status-ms', '500']);
    const deadline = Date.now() + 90_000;
    while (!adapters.every((name) => run.output().includes(`▶ ${name} started`))) {
      if (Date.now() > deadline) throw new Error(`the adapters did not start:\n${run.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    run.stop();
    expect(await run.exited, run.output()).toBe(0);
    for (const name of adapters) expect(run.output()).toContain(`■ ${name} stopped`);
  });
});
