import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@confluentinc/schemaregistry';
import { replayPipeline } from '../../../processors/replay.ts';
import { layerContract, SILVER_ENTITIES } from '../../../schemas/layer-contracts.ts';
import type { OutgoingRecord, Transport } from '../../../transport/transport.ts';
import { runPipeline } from './run-pipeline.ts';

export interface ReplayFromTime {
  /** Conformed silver records the live run wrote from the replay's start time on. */
  readonly liveSilverFrom: number;
  /** Conformed silver records the live run wrote before it. */
  readonly liveSilverBefore: number;
  /** Conformed silver records the replay wrote. */
  readonly replaySilver: number;
}

/**
 * Test helper: runs the live pipeline over the first `split` bronze groups, takes
 * the time, runs it over the rest, then replays from that time under
 * `replayNamespace`. Counts the conformed silver records (one per record a silver
 * processor takes, so a replay's count is exact) on either side of the time.
 */
export async function replayFromTime(
  transport: Transport,
  registry: Client,
  groups: readonly (readonly OutgoingRecord[])[],
  split: number,
  names: { readonly topicPrefix?: string; readonly namespace?: string; readonly replayNamespace: string },
): Promise<ReplayFromTime> {
  const { topicPrefix = '', namespace = '' } = names;
  const live = { topicPrefix, namespace };
  // Every bronze topic exists from the start, as the sources create them.
  await transport.ensureTopics([...new Set(groups.flat().map((r) => r.topic))].map((name) => ({ name, partitions: 3 })));
  await Promise.all((await runPipeline(transport, registry, groups.slice(0, split), live)).map((r) => r.stop()));
  // Stamps are whole milliseconds: keep the two halves on either side of the time.
  await sleep(5);
  const from = Date.now();
  await sleep(5);
  await Promise.all((await runPipeline(transport, registry, groups.slice(split), live)).map((r) => r.stop()));
  const before = await silverStamps(transport, topicPrefix);
  await replayPipeline({ transport, registry, partitions: 3, topicPrefix, namespace: names.replayNamespace, from });
  const after = await silverStamps(transport, topicPrefix);
  return {
    liveSilverFrom: before.filter((t) => t >= from).length,
    liveSilverBefore: before.filter((t) => t < from).length,
    replaySilver: after.length - before.length,
  };
}

/** The timestamp of every record in the conformed silver topics. */
async function silverStamps(transport: Transport, topicPrefix: string): Promise<number[]> {
  const stamps: number[] = [];
  for (const entity of SILVER_ENTITIES) {
    await transport.readAll(`${topicPrefix}${layerContract('silver', entity).topic}`, (batch) => batch.forEach((r) => stamps.push(r.timestamp)));
  }
  return stamps;
}
