import type pg from 'pg';
import { WAREHOUSE_DLQ_TOPIC } from '../../schemas/dlq-contract.ts';
import { GOLD_TABLE_NAMES, layerContracts } from '../../schemas/layer-contracts.ts';
import type { Transport } from '../../transport/transport.ts';
import { qualified } from './sql-names.ts';
import type { CheckResult } from './validation-result.ts';

/**
 * Each topic's partitions' end offsets, summed: every version and tombstone of a
 * key, and on Kafka its transaction markers too. Read as a consumer at the
 * beginning that never commits.
 */
async function topicOffsets(transport: Transport, topics: readonly string[]): Promise<Map<string, number>> {
  const consumer = await transport.consumer({
    groupId: `medallion.validate.${process.pid}.${Date.now()}`,
    topics,
    startOffsets: async (partitions) => partitions.map((p) => ({ ...p, offset: 0n })),
  });
  try {
    const counts = new Map<string, number>();
    for (const p of await consumer.lag()) counts.set(p.topic, (counts.get(p.topic) ?? 0) + Number(p.end));
    return counts;
  } finally {
    await consumer.close();
  }
}

/**
 * Rows per table of each layer and, when a transport is given, each topic's end
 * offset beside them, and the records the warehouse dead-lettered. A topic holds
 * every version and tombstone of a key, its table the latest only, so the
 * figures are reported, not compared; an empty gold table and any dead letter
 * are warnings.
 */
export async function layerCountChecks(client: pg.ClientBase, transport: Transport | undefined): Promise<{ results: CheckResult[]; topicsNote: string | undefined }> {
  const tables = [...layerContracts('silver').map((c) => ['silver', c.name] as const), ...GOLD_TABLE_NAMES.map((t) => ['gold', t] as const)];
  let topics: Map<string, number> | undefined;
  let topicsNote: string | undefined;
  if (transport !== undefined) {
    try {
      topics = await topicOffsets(transport, [...layerContracts('silver'), ...layerContracts('gold')].map((c) => c.topic));
    } catch (error) {
      topicsNote = `topic counts skipped: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const results: CheckResult[] = [];
  for (const [schema, table] of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualified(schema, table)}`);
    const n = Number(rows[0]!.n);
    const onTopic = topics?.get(`${schema}.${table}`);
    const detail = `${n.toLocaleString('en-US')} rows${onTopic === undefined ? '' : `; topic ${schema}.${table} at offset ${onTopic.toLocaleString('en-US')}`}`;
    results.push({ check: 'rows', subject: `${schema}.${table}`, status: schema === 'gold' && n === 0 ? 'warn' : 'info', detail, atFault: [] });
  }
  if (topics !== undefined) results.push(await deadLetterCheck(transport!));
  return { results, topicsNote };
}

/** Records the warehouse refused (dlq.warehouse; absent until the sink first starts). */
async function deadLetterCheck(transport: Transport): Promise<CheckResult> {
  let letters: number;
  try {
    letters = (await topicOffsets(transport, [WAREHOUSE_DLQ_TOPIC])).get(WAREHOUSE_DLQ_TOPIC) ?? 0;
  } catch {
    return { check: 'rows', subject: WAREHOUSE_DLQ_TOPIC, status: 'info', detail: 'no such topic: the TypeScript sink has not run here', atFault: [] };
  }
  return letters === 0
    ? { check: 'rows', subject: WAREHOUSE_DLQ_TOPIC, status: 'pass', detail: 'no records refused by the warehouse', atFault: [] }
    : { check: 'rows', subject: WAREHOUSE_DLQ_TOPIC, status: 'warn', detail: `at offset ${letters.toLocaleString('en-US')}: records the warehouse refused (each names the constraint)`, atFault: [] };
}
