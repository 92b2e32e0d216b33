import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSalesCsv } from '../../../bench/sales-csv.ts';
import { restoreCheckpoints } from '../../../connectors/file-source/checkpoint-store.ts';
import { fileSourceTopics, fileSourceTopicSpecs } from '../../../connectors/file-source/file-source-topics.ts';
import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { assertComplete, assertNoDuplicates, waitFor } from '../../unit/file-source/delivery-invariants.ts';
import { positionOf, readLanded } from '../../unit/file-source/file-source-behaviour.ts';

const ROWS = 200_000;
const KILLS = 5;
/** Every BAD_EVERY-th row breaks the contract (quantity 0), so dead letters are checked for exactly-once too. */
const BAD_EVERY = 997;
const CLI = new URL('../../../cli/bin/medallion.cjs', import.meta.url).pathname;

describe('the file-source sidecar killed with SIGKILL in the middle of a large file', () => {
  const { kafka, registry } = resolveConnections();
  const prefix = `test.fs-crash.${randomBytes(4).toString('hex')}.`;
  const topics = fileSourceTopics(prefix);
  const root = mkdtempSync(join(tmpdir(), 'file-source-crash-'));
  const landing = join(root, 'landing');
  const file = join(landing, 'sales-0001.csv');
  let transport: KafkaTransport;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    mkdirSync(landing);
    await writeSalesCsv(file, ROWS, BAD_EVERY);
    transport = await KafkaTransport.open({ kafka });
  }, 120_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await transport.deleteTopics(fileSourceTopicSpecs(topics, 1).map((t) => t.name));
    await transport.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Starts the CLI as its own process; resolves once it has seen the file. */
  const startSidecar = async (finishMs: number): Promise<ChildProcess> => {
    const args = ['file-source', '--landing', landing, '--topic-prefix', prefix, '--source-name', `crash-${prefix}`, '--settle-ms', '50', '--finish-ms', String(finishMs), '--batch-rows', '500'];
    const process_ = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    process_.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(process_, 'exit');
    await Promise.race([
      waitFor('the sidecar to see sales-0001.csv', () => output.includes('sales-0001.csv')),
      exited.then(() => {
        throw new Error(`the sidecar exited early:\n${output}`);
      }),
    ]);
    return process_;
  };

  it(`yields each of ${ROWS} rows exactly once across ${KILLS} kills and restarts`, async () => {
    const size = statSync(file).size;
    const positions: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      child = await startSidecar(600_000);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 1200));
      child.kill('SIGKILL');
      await once(child, 'exit');
      const checkpoints = await restoreCheckpoints(transport, topics.checkpoints, `crash-${prefix}`);
      positions.push([...checkpoints.values()][0]?.position ?? 0);
    }
    console.log(`checkpointed byte positions at the ${KILLS} kills: ${positions.join(', ')} of ${size}`);
    // At least one kill landed in the middle of the file, or the test proved nothing.
    expect(positions.some((p) => p > 0 && p < size), `positions at the kills: ${positions.join(', ')} of ${size}`).toBe(true);

    child = await startSidecar(300);
    await waitFor('the file finished and archived', () => readdirSync(landing).length === 0, 120_000);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);

    const client = registryClient(registry);
    await registerSchemas(client, contractSubjects());
    const { bronze, deadLetters } = await readLanded(transport, client, prefix);
    const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
    const good = ids.filter((id) => id % BAD_EVERY !== 0);
    assertNoDuplicates(bronze.sales, (r) => r.sales_id);
    assertComplete(good, bronze.sales, (r) => r.sales_id);
    // Each record's line is its own: SalesID n is on line n + 1.
    expect(bronze.sales.filter((r) => r.lineage.source_position !== `line ${r.sales_id + 1}`)).toEqual([]);
    assertNoDuplicates(deadLetters.sales, positionOf);
    assertComplete(
      ids.filter((id) => id % BAD_EVERY === 0).map((id) => `sales-0001.csv:line ${id + 1}`),
      deadLetters.sales,
      positionOf,
    );
    assertNoDuplicates(bronze.sales, (r) => r.lineage.source_sequence);
  }, 600_000);
});
