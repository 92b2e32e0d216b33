import { MockClient, type Client } from '@confluentinc/schemaregistry';
import { RecordRuleError } from '../processors/runtime/processor-error.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { readDeadLetterSchema } from '../schemas/dlq-contract.ts';
import { registerSchemas } from '../schemas/registration.ts';
import type { OutgoingRecord, StoredRecord } from '../transport/transport.ts';

/**
 * Test processors for the runtime (unit, integration, crash test and bench) and
 * the exact output they must produce.
 *
 * An input event is JSON {id, group, amount, seq}, keyed by id. `dedupe-sum`
 * keeps the newest seq per id (store `seen`) and a running total per group
 * (store `sums`); for each new event it sends the group's new total, keyed by
 * group, with the event's id in header `id`. A negative amount breaks its rule.
 */
export interface TestEvent {
  readonly id: string;
  readonly group: string;
  readonly amount: number;
  readonly seq: number;
}

export function eventRecord(topic: string, event: TestEvent): OutgoingRecord {
  return { topic, key: Buffer.from(event.id), value: Buffer.from(JSON.stringify(event)) };
}

export const parseEvent = (record: StoredRecord): TestEvent => JSON.parse(record.value!.toString('utf8')) as TestEvent;

export interface DedupeSumOptions {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly partitions?: number;
  readonly badRecords?: Processor['badRecords'];
  /** Its dead-letter topic; the letters name entity 'events', stage silver. */
  readonly deadLetterTopic?: string;
}

export function dedupeSum(options: DedupeSumOptions): Processor {
  return {
    name: options.name,
    inputs: [options.input],
    outputs: [{ name: options.output, partitions: options.partitions ?? 3 }],
    stores: ['seen', 'sums'],
    ...(options.badRecords === undefined ? {} : { badRecords: options.badRecords }),
    ...(options.deadLetterTopic === undefined ? {} : { deadLetters: { topic: options.deadLetterTopic, entity: 'events', stage: 'silver' } }),
    process(record, context) {
      const event = parseEvent(record);
      const seen = context.store<number>('seen');
      const sums = context.store<number>('sums');
      const previous = seen.get(event.id);
      if (previous !== undefined && previous >= event.seq) {
        context.count('deduplicated');
        return;
      }
      // Writes before the check: a refusal must take them back.
      seen.put(event.id, event.seq);
      if (event.amount < 0) throw new RecordRuleError('out-of-range', 'amount', String(event.amount), 'must not be negative');
      const total = (sums.get(event.group) ?? 0) + event.amount;
      sums.put(event.group, total);
      // The header names the event behind each total (the benchmark measures latency by it).
      context.send({ topic: options.output, key: Buffer.from(event.group), value: Buffer.from(String(total)), headers: { id: event.id } });
    },
  };
}

/** Forwards every record unchanged to `output` (no state). */
export function passthrough(name: string, input: string, output: string, partitions = 3): Processor {
  return {
    name,
    inputs: [input],
    outputs: [{ name: output, partitions }],
    stores: [],
    badRecords: 'skip',
    process(record, context) {
      context.send({ topic: output, key: record.key, value: record.value });
    },
  };
}

/**
 * The totals dedupe-sum sends for `events` in the order given, per group. Exactly
 * once means the output of each group is this list, no more and no less, whatever
 * the partitioning (each id stays on one partition; groups span partitions, so
 * only each group's final total and count are order-free when ids of a group
 * land on several partitions).
 */
export function expectedTotals(events: readonly TestEvent[]): Map<string, { count: number; total: number }> {
  const seen = new Map<string, number>();
  const totals = new Map<string, { count: number; total: number }>();
  for (const event of events) {
    const previous = seen.get(event.id);
    if (previous !== undefined && previous >= event.seq) continue;
    // A refused event leaves no trace, not even in `seen`.
    if (event.amount < 0) continue;
    seen.set(event.id, event.seq);
    const current = totals.get(event.group) ?? { count: 0, total: 0 };
    totals.set(event.group, { count: current.count + 1, total: current.total + event.amount });
  }
  return totals;
}

/** A registry (in memory) with the DeadLetter contract under `<topic>-value` for each topic. */
export async function deadLetterRegistry(topics: readonly string[]): Promise<Client> {
  const client = new MockClient();
  await registerSchemas(client, topics.map((topic) => ({ subject: `${topic}-value`, schema: readDeadLetterSchema() })));
  return client;
}
