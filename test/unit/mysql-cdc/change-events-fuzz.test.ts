import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeTopicSpecs, cdcTopics } from '../../../processors/mysql-cdc/cdc-topics.ts';
import { DELETE_LINEAGE_HEADER, mysqlCdcProcessor } from '../../../processors/mysql-cdc/mysql-cdc-processor.ts';
import { ProcessorHost } from '../../../processors/runtime/processor-host.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import { changeCase, type ChangeCase, changeColumns, damagedChange, expectKnownReasons, FUZZ_SEED } from '../fuzz-arbitraries.ts';
import { readTopic } from '../transport/transport-behaviour.ts';
import { envelopeSchema, framed } from './change-events.ts';

// Cases: RUNS runs of EVENTS change events, each event one case accounted for on its own: 4 × 700 = 2,800.
const RUNS = 4;
const EVENTS = 700;
const names = { database: 'operational' } as const;
const topics = cdcTopics('categories', names);

/** What the adapter must make of a case: nothing, a dead letter, or (for a good event) exactly this record or delete. */
function expected(c: ChangeCase): { kind: 'nothing' } | { kind: 'dead-letter' } | { kind: 'upsert'; id: number; name: string | null; note: string | null } | { kind: 'delete'; key: string } | { kind: 'either' } {
  if (c.damage === 'tombstone') return { kind: 'nothing' };
  if (c.damage !== 'none') return { kind: 'dead-letter' };
  const { op, before, after, ts_ms } = c.envelope;
  if (!['c', 'u', 'd', 'r', 't'].includes(op) || ts_ms === null) return { kind: 'dead-letter' };
  if (op === 't') return { kind: 'nothing' };
  const row = op === 'd' ? before : after;
  if (row === null) return { kind: 'dead-letter' };
  if (op === 'd') return row.CategoryID === null ? { kind: 'dead-letter' } : { kind: 'delete', key: String(row.CategoryID) };
  const intId = c.idType === 'int' || (c.idType === 'long' && Number.isSafeInteger(row.CategoryID) && Math.abs(row.CategoryID as number) < 2 ** 31);
  if (intId && typeof row.CategoryName === 'string') return { kind: 'upsert', id: row.CategoryID as number, name: row.CategoryName, note: (row.Note as string | null) ?? null };
  // Anything else may be refused or kept (a long id that fits an int is kept); it must be one of the two.
  return { kind: 'either' };
}

describe('the MySQL CDC adapter, fed fuzzed change events', () => {
  it('writes each event to bronze or dlq.categories with a reason, never stopping, changing or losing one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(changeCase, { minLength: EVENTS, maxLength: EVENTS }), async (cases) => {
        const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
        const registry = await embeddedRegistry();
        await transport.ensureTopics(changeTopicSpecs(names));
        const values = await Promise.all(cases.map(async (c) => damagedChange(c, await framed(registry, topics.changes, envelopeSchema(changeColumns(c)), c.envelope))));
        const producer = await transport.producer('fuzz-debezium');
        await producer.transaction((tx) => tx.send(values.map((value) => ({ topic: topics.changes, key: null, value }))));
        await producer.close();
        const offsets = (await readTopic(transport, topics.changes)).map((r) => r.offset.toString());

        const host = await ProcessorHost.start([mysqlCdcProcessor('categories', { registry, partitions: 1, ...names })], { transport, registry, pollMs: 20 });
        try {
          // A processor that stops on an event fails `done`: that is the crash this test looks for.
          await Promise.race([host.settled(), host.done]);
        } finally {
          await host.stop();
        }

        const serde = bronzeSerde(registry);
        const byOffset = new Map<string, { kind: string; value: unknown }[]>();
        const at = (offset: string, outcome: { kind: string; value: unknown }) => byOffset.set(offset, [...(byOffset.get(offset) ?? []), outcome]);
        for (const r of await readTopic(transport, topics.bronze)) {
          if (r.value === null) {
            const lineage = JSON.parse(r.headers[DELETE_LINEAGE_HEADER]!) as { source_sequence: number; ingested_at: unknown };
            at(String(lineage.source_sequence), { kind: 'delete', value: { key: r.key!.toString(), lineage } });
          } else {
            const record = await serde.deserialize('categories', r.value);
            at(String(record.lineage.source_sequence), { kind: 'upsert', value: record });
          }
        }
        const letters = deadLetterSerde(registry);
        for (const r of await readTopic(transport, topics.deadLetters)) {
          const letter = await letters.deserialize('categories', r.value!);
          at(letter.source_position.replace('partition 0 offset ', ''), { kind: 'dead-letter', value: letter });
        }

        for (const [i, c] of cases.entries()) {
          const outcomes = byOffset.get(offsets[i]!) ?? [];
          const want = expected(c);
          const label = { event: i, damage: c.damage, op: c.envelope.op, outcomes: outcomes.map((o) => o.kind) };
          if (want.kind === 'nothing') {
            expect(outcomes, JSON.stringify(label)).toEqual([]);
            continue;
          }
          // Every other event is accounted for exactly once.
          expect(outcomes, JSON.stringify(label)).toHaveLength(1);
          const [outcome] = outcomes;
          if (outcome!.kind === 'dead-letter') {
            const letter = outcome!.value as { reason: string; raw: Buffer };
            expectKnownReasons([letter]);
            expect(letter.raw).toEqual(values[i]);
          }
          if (outcome!.kind === 'delete') expect((outcome!.value as { lineage: { ingested_at: unknown } }).lineage.ingested_at, JSON.stringify(label)).toEqual(expect.any(String));
          if (want.kind === 'either') continue;
          expect(outcome!.kind, JSON.stringify(label)).toBe(want.kind);
          if (want.kind === 'delete') expect((outcome!.value as { key: string }).key).toBe(want.key);
          if (want.kind === 'upsert') {
            expect(outcome!.value).toMatchObject({ category_id: want.id, category_name: want.name, extras: want.note === null ? {} : { Note: want.note } });
          }
        }
        await transport.close();
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
