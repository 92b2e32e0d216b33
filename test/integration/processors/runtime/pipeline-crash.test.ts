import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { pipelineProcessors } from '../../../../processors/pipeline-processors.ts';
import { processorTopics } from '../../../../processors/runtime/processor-runtime.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../../schemas/bronze-contracts.ts';
import { KafkaTransport } from '../../../../transport/kafka/kafka-transport.ts';
import { generateInTemp } from '../../../unit/generator/datasets.ts';
import { datasetBronze } from '../../../unit/processors/gold/dataset-bronze.ts';
import { expectExpectedGold } from '../../../unit/processors/gold/table-csv.ts';
import { crashTestRegistry } from './pipeline-crash-registry.ts';

const KILLS = 20;
const WORKER = new URL('./pipeline-crash-worker.ts', import.meta.url).pathname;

describe('the silver and gold processors killed with SIGKILL at random moments', () => {
  const { kafka } = resolveConnections();
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const cleanups: (() => Promise<void> | void)[] = [];
  let child: ChildProcess | undefined;
  let log = '';

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const start = (...args: string[]): ChildProcess => {
    const worker = spawn(process.execPath, ['--import', 'tsx', WORKER, prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    return worker;
  };
  const count = (kind: string): number => log.split(`"kind":"${kind}"`).length - 1;
  const waitFor = async (condition: () => boolean): Promise<void> => {
    while (!condition()) {
      expect(log, 'a worker failed').not.toContain('"kind":"failed"');
      await sleep(50);
    }
  };

  it(`still yields exactly the expected gold after ${KILLS} kills and restarts`, async () => {
    const dataset = await generateInTemp(31, true);
    cleanups.push(dataset.remove);
    const registry = await crashTestRegistry(prefix);
    const transport = await KafkaTransport.open({ kafka });
    const topics = [
      ...BRONZE_ENTITIES.map((e) => `${prefix}${bronzeContract(e).topic}`),
      ...pipelineProcessors({ registry, partitions: 3, topicPrefix: prefix }).flatMap((p) => processorTopics(p, { namespace: prefix }).map((t) => t.name)),
    ];
    cleanups.push(async () => {
      await transport.deleteTopics([...new Set(topics)]);
      await transport.close();
    });
    const groups = await datasetBronze(dataset.dir, dataset.manifest, registry, prefix);
    // Bronze and its dead-letter topics exist before the first document arrives, as the sources make them.
    await transport.ensureTopics(pipelineProcessors({ registry, partitions: 3, topicPrefix: prefix }).flatMap((p) => processorTopics(p, { namespace: prefix, inputPartitions: 3 })));
    const producer = await transport.producer(`${prefix}test-bronze`);
    // The source documents arrive over the kills, as they would over a day.
    const perKill = Math.ceil(groups.length / KILLS);
    for (let kill = 0; kill < KILLS; kill += 1) {
      for (const group of groups.slice(kill * perKill, (kill + 1) * perKill)) await producer.transaction((tx) => tx.send(group));
      const startedBefore = count('host-started');
      child = start();
      // Every fourth kill lands while the processors start (fencing, restoring); the others once they run.
      if (kill % 4 !== 3) await waitFor(() => count('host-started') > startedBefore);
      await sleep(Math.random() * 2000);
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await producer.close();
    child = start('--until-settled');
    await waitFor(() => count('settled') > 0);
    await once(child, 'exit');
    await expectExpectedGold(transport, registry, dataset.dir, prefix);
  }, 600_000);
});
