import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { processorNames } from '../../../../processors/runtime/runtime-options.ts';
import { KafkaTransport } from '../../../../transport/kafka/kafka-transport.ts';
import type { StoredRecord } from '../../../../transport/transport.ts';
import { readTopic } from '../../../unit/transport/transport-behaviour.ts';
import { eventRecord, type TestEvent } from '../../../../bench/test-processors.ts';
import type { CrashWorkerArgs } from './crash-worker.ts';

const KILLS = 20;
const BATCHES = 40;
const EVENTS_PER_BATCH = 500;
const WORKER = new URL('./crash-worker.ts', import.meta.url).pathname;

/** Deterministic events with repeats (same id, old seq: duplicates), newer versions and refused (negative) amounts. */
function makeEvents(batch: number): TestEvent[] {
  return Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
    const n = batch * EVENTS_PER_BATCH + i;
    const id = `e${n % 7000}`;
    return { id, group: `g${(n * 7) % 13}`, amount: n % 101 === 0 ? -1 : (n % 9) + 1, seq: Math.floor(n / 7000) + (n % 5 === 0 ? 0 : 1) };
  });
}

/**
 * Per group, the increments the output must hold: the accepted amounts, as a
 * sorted list. A lost record misses one, a duplicate adds one, whatever the
 * interleaving of partitions.
 */
function expectedIncrements(events: readonly TestEvent[]): { increments: Map<string, number[]>; refused: number } {
  const seen = new Map<string, number>();
  const increments = new Map<string, number[]>();
  let refused = 0;
  for (const event of events) {
    const previous = seen.get(event.id);
    if (previous !== undefined && previous >= event.seq) continue;
    if (event.amount < 0) {
      refused += 1;
      continue;
    }
    seen.set(event.id, event.seq);
    increments.set(event.group, [...(increments.get(event.group) ?? []), event.amount]);
  }
  for (const list of increments.values()) list.sort((a, b) => a - b);
  return { increments, refused };
}

function outputIncrements(records: readonly StoredRecord[]): Map<string, number[]> {
  const last = new Map<string, number>();
  const increments = new Map<string, number[]>();
  for (const record of records) {
    const group = record.key!.toString();
    const total = Number(record.value!.toString());
    increments.set(group, [...(increments.get(group) ?? []), total - (last.get(group) ?? 0)]);
    last.set(group, total);
  }
  for (const list of increments.values()) list.sort((a, b) => a - b);
  return increments;
}

describe('a processor killed with SIGKILL at random moments', () => {
  const { kafka } = resolveConnections();
  const id = randomBytes(4).toString('hex');
  const args: CrashWorkerArgs = { input: `test.crash.${id}.in`, output: `test.crash.${id}.out`, dlq: `test.crash.${id}.dlq`, namespace: `test-crash-${id}.` };
  const names = processorNames(args.namespace, 'dedupe-sum');
  let transport: KafkaTransport;
  let child: ChildProcess | undefined;
  let log = '';

  beforeAll(async () => {
    transport = await KafkaTransport.open({ kafka });
    await transport.ensureTopics([{ name: args.input, partitions: 3 }]);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await transport.deleteTopics([args.input, args.output, args.dlq, names.changelog('seen'), names.changelog('sums')]);
    await transport.close();
  });

  const starts = (): number => log.split('"kind":"started"').length - 1;
  const waitFor = async (condition: () => boolean): Promise<void> => {
    while (!condition()) {
      expect(log, 'a worker failed').not.toContain('"failed"');
      await sleep(50);
    }
  };

  const start = (): ChildProcess => {
    const worker = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    return worker;
  };

  it(`produces exactly the expected output across ${KILLS} kills and restarts`, async () => {
    const producer = await transport.producer(`test-crash-writer-${id}`);
    const sent: TestEvent[] = [];
    const write = async (batch: number): Promise<void> => {
      const events = makeEvents(batch);
      await producer.transaction((tx) => tx.send(events.map((e) => eventRecord(args.input, e))));
      sent.push(...events);
    };
    let written = 0;
    for (; written < BATCHES / 4; written += 1) await write(written);

    // Kills land at random moments: while starting, restoring, polling, processing and committing.
    const committedAtKills: bigint[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const startedBefore = starts();
      child = start();
      // Every fourth kill lands while the worker starts (fencing, restoring); the others once it runs.
      if (kill % 4 !== 3) await waitFor(() => starts() > startedBefore);
      await sleep(Math.random() * 1500);
      if (written < BATCHES) await write(written++);
      child.kill('SIGKILL');
      await once(child, 'exit');
      committedAtKills.push((await transport.committedOffsets(names.groupId, [args.input])).reduce((sum, p) => sum + p.offset, 0n));
    }
    while (written < BATCHES) await write(written++);
    expect(log, 'a worker failed').not.toContain('"failed"');
    // Progress was made between kills, and not all of it before the first one.
    expect(new Set(committedAtKills).size, `committed positions at the kills: ${committedAtKills.join(', ')}`).toBeGreaterThan(KILLS / 4);

    child = start();
    const ends = async (): Promise<bigint> => {
      let total = 0n;
      for (const p of await transport.consumer({ groupId: `test-crash-probe-${id}`, topics: [args.input] }).then(async (c) => {
        const lag = await c.lag();
        await c.close();
        return lag;
      }))
        total += p.end;
      return total;
    };
    const end = await ends();
    for (;;) {
      const committed = (await transport.committedOffsets(names.groupId, [args.input])).reduce((sum, p) => sum + p.offset, 0n);
      // Kafka's end counts the last transaction markers too: within one per partition of it is all read.
      if (committed >= end - 3n) break;
      expect(log, 'the last worker failed').not.toContain('"failed"');
      await sleep(200);
    }
    await sleep(500);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const expected = expectedIncrements(sent);
    expect(outputIncrements(await readTopic(transport, args.output))).toEqual(expected.increments);
    expect(await readTopic(transport, args.dlq)).toHaveLength(expected.refused);
  }, 300_000);
});
