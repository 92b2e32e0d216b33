import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_PLUGINS } from '../../../connect-config/connect-plugins.ts';
import { connectApi, deleteConnector, runConnector, uniqueName } from './kafka-test-kit.ts';

interface Validation {
  readonly error_count: number;
  readonly configs: readonly { readonly value: { readonly name: string; readonly errors: readonly string[] } }[];
}

const PLUGIN = CONNECT_PLUGINS.fileSource.split('.').at(-1) ?? '';

describe('the Connect REST API', () => {
  const name = uniqueName('test-rest-source');
  let dir: string;
  let config: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-rest-'));
    const file = path.join(dir, 'in.txt');
    writeFileSync(file, '');
    config = { 'connector.class': CONNECT_PLUGINS.fileSource, 'tasks.max': '1', topic: uniqueName('test.rest'), file };
  });

  afterAll(async () => {
    await deleteConnector(name);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the plugins the project uses', async () => {
    const { status, body } = await connectApi<{ class: string }[]>('GET', '/connector-plugins?connectorsOnly=false');
    expect(status).toBe(200);
    expect(body.map((plugin) => plugin.class)).toEqual(expect.arrayContaining(Object.values(CONNECT_PLUGINS)));
  });

  it('validates a good config with no errors', async () => {
    // Validation, unlike PUT /connectors/{name}/config, needs the name in the body.
    const { status, body } = await connectApi<Validation>('PUT', `/connector-plugins/${PLUGIN}/config/validate`, { name, ...config });
    expect(status).toBe(200);
    expect(body.error_count).toBe(0);
  });

  it('reports a bad value on its key', async () => {
    const { body } = await connectApi<Validation>('PUT', `/connector-plugins/${PLUGIN}/config/validate`, { name, ...config, 'batch.size': 'lots' });
    expect(body.error_count).toBe(1);
    const batchSize = body.configs.find((entry) => entry.value.name === 'batch.size');
    expect(batchSize?.value.errors.join(' ')).toMatch(/lots/);
    const others = body.configs.filter((entry) => entry.value.name !== 'batch.size');
    expect(others.flatMap((entry) => entry.value.errors)).toEqual([]);
  });

  it('runs a created connector with its task, and deletes it', async () => {
    const status = await runConnector(name, config);
    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks.map((task) => task.state)).toEqual(['RUNNING']);

    expect((await connectApi('DELETE', `/connectors/${name}`)).status).toBe(204);
    expect((await connectApi('GET', `/connectors/${name}`)).status).toBe(404);
  });
});
