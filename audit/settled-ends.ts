import { setTimeout as sleep } from 'node:timers/promises';
import { sinkGroup } from '../pipeline/connect-sinks.ts';
import { SINK_TOPICS } from '../pipeline/stack-pipeline.ts';
import { BRONZE_ENTITIES } from '../schemas/bronze-contracts.ts';
import type { Transport } from '../transport/transport.ts';
import { AuditError } from './audit-error.ts';

/** Per topic, per partition, the offset to read up to (exclusive): Spark's `endingOffsets`. */
export type TopicEnds = Record<string, Record<string, number>>;

export interface SettledEnds {
  readonly ends: TopicEnds;
  /** How the ends were chosen, for the report. */
  readonly note: string;
}

export interface SettleOptions {
  /** How long nothing may move for the pipeline to count as settled. */
  readonly quietMs: number;
  readonly timeoutMs: number;
  readonly pollMs?: number;
}

export const BRONZE_TOPICS: readonly string[] = BRONZE_ENTITIES.map((e) => `bronze.${e}`);

interface Snapshot {
  readonly bronze: TopicEnds;
  /** Everything that moves while records are in flight: topic ends and the sinks' committed positions. */
  readonly fingerprint: string;
  /** Partitions a sink has not reached: more than one behind (one is a transaction's commit marker). */
  readonly behind: number;
  readonly sinksWithPositions: number;
}

async function ends(transport: Transport, topics: readonly string[]): Promise<TopicEnds> {
  // A consumer that is never polled: lag() reads each partition's committed end.
  const consumer = await transport.consumer({ groupId: 'medallion.audit-ends', topics });
  try {
    const out: TopicEnds = {};
    for (const p of await consumer.lag()) (out[p.topic] ??= {})[String(p.partition)] = Number(p.end);
    return out;
  } finally {
    await consumer.close();
  }
}

async function snapshot(transport: Transport): Promise<Snapshot> {
  const sinks = Object.entries(SINK_TOPICS);
  const downstream = await ends(transport, sinks.flatMap(([, topics]) => topics));
  const bronze = await ends(transport, BRONZE_TOPICS);
  let behind = 0;
  let sinksWithPositions = 0;
  const positions: string[] = [];
  for (const [connector, topics] of sinks) {
    const committed = await transport.committedOffsets(sinkGroup(connector), topics);
    if (committed.length > 0) sinksWithPositions++;
    for (const p of committed) {
      positions.push(`${p.topic}/${p.partition}@${p.offset}`);
      if ((downstream[p.topic]?.[String(p.partition)] ?? 0) - Number(p.offset) > 1) behind++;
    }
  }
  return { bronze, fingerprint: JSON.stringify([bronze, downstream, positions.sort()]), behind, sinksWithPositions };
}

/**
 * The bronze topics' ends once the pipeline has settled: bronze, silver and gold ends and the
 * warehouse sinks' committed positions unchanged for `quietMs`, no sink behind. Reading bronze
 * up to those ends, the audit sees exactly the records the warehouse reflects.
 */
export async function settledBronzeEnds(transport: Transport, options: SettleOptions, progress: (line: string) => void): Promise<SettledEnds> {
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + options.timeoutMs;
  let last = await snapshot(transport);
  let since = Date.now();
  let said = false;
  for (;;) {
    if (last.behind === 0 && Date.now() - since >= options.quietMs) break;
    if (Date.now() > deadline) {
      throw new AuditError(
        'not-settled',
        'pipeline',
        `records were still moving through the pipeline after ${options.timeoutMs / 1000} s (${last.behind} sink partitions behind)`,
        'wait until the sources are idle, or give the pipeline longer with --settle-timeout',
      );
    }
    if (!said && Date.now() - since >= pollMs) {
      progress(`waiting for the pipeline to settle (nothing moving for ${options.quietMs / 1000} s)`);
      said = true;
    }
    await sleep(pollMs);
    const next = await snapshot(transport);
    if (next.fingerprint !== last.fingerprint) since = Date.now();
    last = next;
  }
  const records = Object.values(last.bronze).flatMap((parts) => Object.values(parts)).reduce((a, b) => a + b, 0);
  const sinks = last.sinksWithPositions === 0 ? 'no warehouse sink connector has positions, so only the topics were watched' : "the warehouse sinks' positions at the topics' ends";
  return {
    ends: last.bronze,
    note: `bronze read up to the offsets where the pipeline settled (${records} offsets; nothing moved for ${options.quietMs / 1000} s; ${sinks})`,
  };
}
