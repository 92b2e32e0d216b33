import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_PLUGINS } from '../../../connect-config/connect-plugins.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { OperationalDatabase } from '../mysql-cdc/operational-database.ts';
import { connect, hex, medallion, TestConnectorFolder } from './connectors-kit.ts';

describe('medallion connectors on the real Connect worker', () => {
  const database = new OperationalDatabase();
  const cdc = new TestConnectorFolder('cli');
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await database.create();
    await database.query("INSERT INTO categories VALUES (1, 'Bakery')");
    env = { MEDALLION_MYSQL_URL: database.url() };
  });

  afterAll(async () => {
    await cdc.remove();
    await database.drop();
  });

  it('applies a connector once: a second apply changes nothing and says so', async () => {
    cdc.write();
    const first = await medallion(['connectors', 'apply', '--dir', cdc.dir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`→ ${cdc.name}: created`);
    expect(first.stdout).toMatch(new RegExp(`✔ ${cdc.name}: RUNNING with 1 task`));

    const second = await medallion(['connectors', 'apply', '--dir', cdc.dir], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`= ${cdc.name}: unchanged`);
    expect(second.stdout).toContain('apply: nothing to change');
    expect(second.stdout).not.toContain('created');

    // Connect holds the reference, never the password.
    expect((await connect.config(cdc.name))?.['database.password']).toBe('${env:MEDALLION_MYSQL_CDC_PASSWORD}');
    const status = await medallion(['connectors', 'status', '--dir', cdc.dir, cdc.name], env);
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`${cdc.name}\\s+source\\s+RUNNING\\s+0 RUNNING`));
  });

  it('plans a changed file key by key, and apply updates exactly that', async () => {
    cdc.write({ 'snapshot.fetch.size': '500' });
    const plan = await medallion(['connectors', 'plan', '--dir', cdc.dir, cdc.name], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/update\s+\+ snapshot\.fetch\.size\s+500/);
    expect(plan.stdout).toContain('plan: 0 to create, 1 to update, 0 unchanged');

    const applied = await medallion(['connectors', 'apply', '--dir', cdc.dir], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`~ ${cdc.name}: 1 key differs (snapshot.fetch.size)`);
    expect((await connect.config(cdc.name))?.['snapshot.fetch.size']).toBe('500');
  });

  it('refuses a config with a wrong key or value, naming each key, and applies nothing', async () => {
    const wrong = new TestConnectorFolder('wrong-key');
    try {
      wrong.write({ 'snapshot.mode': 'sometimes', 'databse.hostname': 'localhost' });
      const run = await medallion(['connectors', 'apply', '--dir', wrong.dir], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/databse\.hostname\s+localhost\s+is not a setting of io\.debezium\.connector\.mariadb\.MariaDbConnector \(did you mean database\.hostname\?\)/);
      expect(run.stderr).toMatch(/snapshot\.mode\s+sometimes\s+.*must be one of/);
      expect(run.stderr).toContain('2 problems: nothing was applied');
      expect(await connect.status(wrong.name)).toBeUndefined();
    } finally {
      await wrong.remove();
    }
  });

  describe('a connector whose task fails', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-connectors-sink-'));
    const name = `test-failing-sink-${hex()}`;
    const missing = path.join(dir, 'not-yet');

    beforeAll(() => {
      // FileStreamSink validates without looking at the file; its task fails when the folder is missing.
      const strings = 'org.apache.kafka.connect.storage.StringConverter';
      const config = { 'connector.class': CONNECT_PLUGINS.fileSink, 'tasks.max': '1', topics: '_connect-status', file: path.join(missing, 'out.txt'), 'key.converter': strings, 'value.converter': strings };
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ name, config }));
    });

    afterAll(async () => {
      await connect.delete(name);
      rmSync(dir, { recursive: true, force: true });
    });

    it('fails apply with the task trace', async () => {
      const run = await medallion(['connectors', 'apply', '--dir', dir, '--timeout', '60'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`connector ${name}: task 0 FAILED`);
      expect(run.stderr).toContain(missing);
      expect(run.stderr).toMatch(/\tat org\.apache\.kafka\.connect/);
    });

    it('shows the cause in status, and restart brings the failed task back once the cause is gone', async () => {
      const failed = await medallion(['connectors', 'status', '--dir', dir, name], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(new RegExp(`${name}\\s+sink\\s+RUNNING\\s+0 FAILED\\s+\\S+Exception: .*${missing.replaceAll('/', '\\/')}`));

      mkdirSync(missing);
      const restarted = await medallion(['connectors', 'restart', '--dir', dir, name], env);
      expect(restarted.code, restarted.stderr).toBe(0);
      expect(restarted.stdout).toContain(`✔ ${name}: RUNNING with 1 task`);
      expect(readFileSync(path.join(missing, 'out.txt'), 'utf8')).toBeDefined();
    });

    it('pauses, resumes and deletes it', async () => {
      const state = async (): Promise<string | undefined> => (await connect.status(name))?.tasks[0]?.state;
      expect((await medallion(['connectors', 'pause', '--dir', dir, name], env)).stdout).toContain(`✔ ${name}: paused`);
      expect(await waitUntil(async () => (await state()) === 'PAUSED', 30_000)).toBe(true);
      expect((await medallion(['connectors', 'resume', '--dir', dir, name], env)).stdout).toContain(`✔ ${name}: resumed`);
      expect(await waitUntil(async () => (await state()) === 'RUNNING', 30_000)).toBe(true);
      const refused = await medallion(['connectors', 'delete', '--dir', dir], env);
      expect(refused.code).toBe(2);
      expect((await medallion(['connectors', 'delete', '--dir', dir, name], env)).stdout).toContain(`✔ ${name}: deleted`);
      expect(await connect.status(name)).toBeUndefined();
    });
  });
});
