import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { COMPACTION_MIN_DEAD } from '../../../transport/in-process/partition-log.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import type { StoredRecord } from '../../../transport/transport.ts';
import { RECORDS, WRITER_OPTIONS } from './disk-log-writer.ts';
import { readTopic, record, transportBehaviour } from './transport-behaviour.ts';

const WRITER = fileURLToPath(new URL('./disk-log-writer.ts', import.meta.url));
const SMALL = { budgetBytes: 2048, segmentBytes: 1024 };
const folder = (): string => mkdtempSync(path.join(tmpdir(), 'disk-log-'));
const segmentFiles = (dir: string, partition: string): string[] => readdirSync(path.join(dir, partition)).filter((name) => name.endsWith('.log'));
const values = (records: readonly StoredRecord[]): string[] => records.map((r) => r.value?.toString('utf8') ?? 'null');

// The same behaviour as Kafka and the in-memory log, on segments small enough that nearly every case rolls and reads back from files.
const shared = InProcessLog.open({ dir: folder(), ...SMALL });
transportBehaviour('in-process on disk', {
  open: () => openTransport({ kind: 'in-process', log: shared }),
  dropTopics: async () => {},
});

describe('the disk-backed in-process log', () => {
  it('rolls segments and reads across their boundaries, from memory, from the files, and after reopening', async () => {
    const dir = folder();
    const log = InProcessLog.open({ dir, ...SMALL });
    const transport = new InProcessTransport(log);
    await transport.ensureTopics([{ name: 'events', partitions: 1 }]);
    const producer = await transport.producer('roller');
    const sent: string[] = [];
    for (let t = 0; t < 50; t += 1) {
      const batch = Array.from({ length: 4 }, (_, i) => `${t}-${i}-${'v'.repeat(60)}`);
      sent.push(...batch);
      await producer.transaction((tx) => tx.send(batch.map((value) => record('events', null, value))));
    }
    // 200 records of about 100 bytes in 1 KiB segments, within a 2 KiB budget: most are only in their files.
    expect(segmentFiles(dir, 'events-0').length).toBeGreaterThanOrEqual(15);
    const all = await readTopic(transport, 'events');
    expect(all.map((r) => r.offset)).toEqual(sent.map((_, i) => BigInt(i)));
    expect(values(all)).toEqual(sent);
    const page = await transport.readPage({ topic: 'events', partition: 0, offset: 37n }, 60);
    expect(page.map((r) => r.offset)).toEqual(Array.from({ length: 60 }, (_, i) => BigInt(37 + i)));
    const consumer = await transport.consumer({ groupId: 'reader', topics: ['events'] });
    expect(values(await consumer.poll(1000, 0))).toEqual(sent);
    await producer.transaction((tx) => tx.sendOffsets(consumer, consumer.positions()));
    const stamps = all.map((r) => r.timestamp);
    expect(await transport.offsetsAt(['events'], stamps[100]!)).toEqual([{ topic: 'events', partition: 0, offset: BigInt(stamps.indexOf(stamps[100]!)) }]);
    await transport.close();
    log.close();

    const reopened = new InProcessTransport(InProcessLog.open({ dir, ...SMALL }));
    expect(await reopened.partitionBounds(['events'])).toEqual([{ topic: 'events', partition: 0, start: 0n, end: 200n }]);
    expect(values(await readTopic(reopened, 'events'))).toEqual(sent);
    expect(await reopened.committedOffsets('reader', ['events'])).toEqual([{ topic: 'events', partition: 0, offset: 200n }]);
    const producer2 = await reopened.producer('roller');
    await producer2.transaction((tx) => tx.send([record('events', null, 'after reopening')]));
    expect(values(await reopened.readPage({ topic: 'events', partition: 0, offset: 199n }, 10))).toEqual([sent[199], 'after reopening']);
    reopened.log.close();
  });

  it('compacts across segments: each key\'s latest value stays, superseded versions and tombstones go, files and all', async () => {
    const dir = folder();
    const log = InProcessLog.open({ dir, ...SMALL });
    const transport = new InProcessTransport(log);
    await transport.ensureTopics([{ name: 'state', partitions: 1, compacted: true }]);
    const producer = await transport.producer('churner');
    const TRANSACTIONS = 300;
    const latest = new Map<string, string | null>();
    for (let t = 0; t < TRANSACTIONS; t += 1) {
      // k3 is deleted half way and never written again: its tombstone goes with a later compaction.
      const batch = Array.from({ length: 10 }, (_, k) => [`k${k}`, k === 3 && t === 150 ? null : `${t}-${'v'.repeat(40)}`] as const).filter(([key]) => key !== 'k3' || t <= 150);
      for (const [key, value] of batch) latest.set(key, value);
      await producer.transaction((tx) => tx.send(batch.map(([key, value]) => record('state', key, value))));
    }
    const fold = async (t: InProcessTransport): Promise<Map<string, string | null>> => {
      const folded = new Map<string, string | null>();
      for (const r of await readTopic(t, 'state')) folded.set(r.key!.toString('utf8'), r.value?.toString('utf8') ?? null);
      return folded;
    };
    expect(await fold(transport)).toEqual(new Map([...latest].filter(([, value]) => value !== null)));
    const held = await readTopic(transport, 'state');
    expect(held.length).toBeLessThan(COMPACTION_MIN_DEAD + latest.size);
    // Each key's versions in offset order, latest last: compaction kept the order of what it kept.
    expect(held.map((r) => r.offset)).toEqual([...held.map((r) => r.offset)].sort((a, b) => (a < b ? -1 : 1)));
    // Each transaction (about 750 bytes) filled a 1 KiB segment of its own: segments compaction emptied are gone.
    expect(segmentFiles(dir, 'state-0').length).toBeLessThan(TRANSACTIONS / 2);
    await transport.close();
    log.close();

    // What a crash mid-compaction leaves: a new segment written in part beside its old one, or whole where the old one was deleted.
    const [first, second] = segmentFiles(dir, 'state-0').sort();
    writeFileSync(path.join(dir, 'state-0', `${first}.cleaning`), Buffer.alloc(30, 1));
    renameSync(path.join(dir, 'state-0', second!), path.join(dir, 'state-0', `${second}.cleaning`));
    const reopened = new InProcessTransport(InProcessLog.open({ dir, ...SMALL }));
    expect(values(await readTopic(reopened, 'state'))).toEqual(values(held));
    expect((await reopened.partitionBounds(['state']))[0]!.start).toBe(held[0]!.offset);
    expect(readdirSync(path.join(dir, 'state-0')).filter((name) => name.endsWith('.cleaning'))).toEqual([]);
    reopened.log.close();
  });

  it('reopens at the last committed transaction after the process writing it is killed (kill -9), torn writes and all', async () => {
    const dir = folder();
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = -1;
    let partial = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        for (const line of lines) seen = Number(line);
        if (seen >= 40 && child.kill('SIGKILL')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the writer exited by itself (${code})`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    // What a crash mid-write leaves: half a journal entry, half a record.
    appendFileSync(path.join(dir, 'commits.journal'), Buffer.from([200, 0, 0, 0, 123, 34]));
    const last = segmentFiles(dir, 'events-0').sort().at(-1)!;
    appendFileSync(path.join(dir, 'events-0', last), Buffer.alloc(17, 7));

    const reopen = async (): Promise<{ transport: InProcessTransport; committed: number; byTransaction: Map<number, number> }> => {
      const transport = new InProcessTransport(InProcessLog.open({ dir, ...WRITER_OPTIONS }));
      const [position] = await transport.committedOffsets('copier', ['input']);
      const byTransaction = new Map<number, number>();
      for (const value of values(await readTopic(transport, 'events'))) {
        const t = Number(value.split(':')[0]);
        byTransaction.set(t, (byTransaction.get(t) ?? 0) + 1);
      }
      return { transport, committed: Number(position!.offset), byTransaction };
    };
    const { transport, committed, byTransaction } = await reopen();
    // Every transaction the writer reported is there; the records and positions of each are all there or not at all.
    expect(committed).toBeGreaterThan(seen);
    expect([...byTransaction.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: committed }, (_, t) => t));
    expect(new Set(byTransaction.values())).toEqual(new Set([RECORDS]));

    // The reopened log takes new transactions after the last committed one, and keeps them.
    const producer = await transport.producer('writer');
    await producer.transaction((tx) => tx.send(Array.from({ length: RECORDS }, (_, i) => record('events', `k${i}`, `${committed}:${i}`))));
    transport.log.close();
    const again = await reopen();
    expect(again.byTransaction.get(committed)).toBe(RECORDS);
    expect([...again.byTransaction.keys()]).toHaveLength(committed + 1);
    again.transport.log.close();
  });

  it('stops a transaction the disk has no room for, naming the folder, the space needed and the fix, and commits nothing of it', async () => {
    const dir = folder();
    // A file size limit of 64 KiB stands in for a full disk: writes past it fail (EFBIG) as they would with ENOSPC.
    const child = spawn('bash', ['-c', `ulimit -f 64 && exec "${process.execPath}" --import tsx "${WRITER}" "${dir}"`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
    const failure = JSON.parse(out.trim().split('\n').at(-1)!) as { code: string; message: string };
    expect(failure.code).toBe('log-storage');
    expect(failure.message).toContain(dir);
    expect(failure.message).toMatch(/out of space \(EFBIG\): writing a transaction needed .* more \(\d+ bytes\); it was not committed/);
    expect(failure.message).toMatch(/fix: free at least .* on the disk holding/);
    const reported = out.split('\n').filter((line) => /^\d+$/.test(line)).length;

    const transport = new InProcessTransport(InProcessLog.open({ dir, ...WRITER_OPTIONS }));
    const [position] = await transport.committedOffsets('copier', ['input']);
    expect(position!.offset).toBe(BigInt(reported));
    expect(await readTopic(transport, 'events')).toHaveLength(reported * RECORDS);
    transport.log.close();
  });

  it('refuses a folder it cannot write, naming it', () => {
    const file = path.join(folder(), 'a-file');
    writeFileSync(file, '');
    const dir = path.join(file, 'log');
    expect(() => InProcessLog.open({ dir, ...SMALL })).toThrow(expect.objectContaining({ code: 'log-storage', message: expect.stringContaining(dir) }));
  });

  it('refuses at start a budget too small to hold one batch, naming the smallest that works', () => {
    expect(() => InProcessLog.open({ dir: folder(), budgetBytes: 3 * 2 ** 20, segmentBytes: 2 * 2 ** 20 })).toThrow(
      expect.objectContaining({ code: 'invalid-request', message: expect.stringMatching(/budget of 3\.0 MiB cannot hold one batch[^]*fix: give the log a budget of at least 4\.0 MiB \(4194304 bytes\)/) }),
    );
  });
});
