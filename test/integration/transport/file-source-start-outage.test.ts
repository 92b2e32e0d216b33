import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSalesCsv } from '../../../bench/sales-csv.ts';
import { resolveConnections } from '../../../config/connections.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { assertComplete, assertNoDuplicates, waitFor } from '../../unit/file-source/delivery-invariants.ts';
import { readLanded } from '../../unit/file-source/file-source-behaviour.ts';
import { outputLine, runCli, type CliRun } from '../cli-run.ts';
import { privateBroker, type PrivateBroker } from './private-broker.ts';

const ROWS = 5000;

describe('medallion file-source started while Kafka is down', () => {
  const root = mkdtempSync(join(tmpdir(), 'file-source-outage-'));
  const landing = join(root, 'landing');
  let broker: PrivateBroker;
  let run: CliRun | undefined;

  beforeAll(async () => {
    mkdirSync(landing);
    await writeSalesCsv(join(landing, 'sales-0001.csv'), ROWS, ROWS + 1);
    broker = await privateBroker();
  }, 120_000);

  afterAll(async () => {
    run?.child.kill('SIGKILL');
    await broker?.close();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('waits for Kafka, saying where and since when, then reads the landing folder once it answers', async () => {
    await broker.kill();
    run = runCli(['file-source', '--landing', landing, '--source-name', 'outage', '--settle-ms', '50', '--finish-ms', '300', '--batch-rows', '500'], 'cli', { MEDALLION_KAFKA_BOOTSTRAP_SERVERS: broker.bootstrapServers });
    const waiting = await outputLine(run, '⚠ waiting for Kafka at', 90_000);
    expect(waiting).toMatch(new RegExp(`^${broker.bootstrapServers.replace(/\./g, '\\.')} since \\d\\d:\\d\\d:\\d\\d UTC: .*did not answer`));
    expect(run.child.exitCode).toBeNull();
    await broker.start();
    await waitFor('the file read, finished and archived', () => readdirSync(landing).length === 0, 90_000);
    run.child.kill('SIGTERM');
    expect(await run.exited, run.output).toBe(0);

    const transport = await KafkaTransport.open({ kafka: { bootstrapServers: broker.bootstrapServers, settings: {} } });
    try {
      const { bronze } = await readLanded(transport, registryClient(resolveConnections().registry), '');
      assertNoDuplicates(bronze.sales, (r) => r.sales_id);
      assertComplete(Array.from({ length: ROWS }, (_, i) => i + 1), bronze.sales, (r) => r.sales_id);
    } finally {
      await transport.close();
    }
  }, 170_000);
});
