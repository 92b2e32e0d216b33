import { describe, expect, it } from 'vitest';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import { readTopic, record, transportBehaviour } from './transport-behaviour.ts';

// Transports of one file share a log, as the components of one embedded run do.
const log = new InProcessLog();

transportBehaviour('in-process', {
  open: () => openTransport({ kind: 'in-process', log }),
  dropTopics: async () => {},
});

describe('in-process transports on one log', () => {
  it('see each other\'s topics and records, like clients of one cluster', async () => {
    const writer = await openTransport({ kind: 'in-process', log });
    const reader = await openTransport({ kind: 'in-process', log });
    expect(reader.kind).toBe('in-process');
    await writer.ensureTopics([{ name: 'shared.events', partitions: 2 }]);
    const producer = await writer.producer('shared-writer');
    await producer.transaction((tx) => tx.send([record('shared.events', 'k', 'v')]));
    await writer.close();
    expect((await readTopic(reader, 'shared.events')).map((r) => r.value?.toString())).toEqual(['v']);
    await reader.close();
  });
});

describe('in-process consumer groups', () => {
  it('fence an older consumer once a newer one of the group opens: it may neither poll nor commit', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    await transport.ensureTopics([{ name: 'groups.fencing', partitions: 1 }]);
    const producer = await transport.producer('groups-fencing');
    await producer.transaction((tx) => tx.send([record('groups.fencing', 'k', 'v')]));
    const older = await transport.consumer({ groupId: 'fencing', topics: ['groups.fencing'] });
    expect(await older.poll(10, 0)).toHaveLength(1);
    const newer = await transport.consumer({ groupId: 'fencing', topics: ['groups.fencing'] });
    await expect(older.poll(10, 0)).rejects.toMatchObject({ code: 'fenced' });
    await expect(producer.transaction((tx) => tx.sendOffsets(older, older.positions()))).rejects.toMatchObject({ code: 'fenced' });
    expect(await transport.committedOffsets('fencing', ['groups.fencing'])).toEqual([]);
    await producer.transaction((tx) => tx.sendOffsets(newer, [{ topic: 'groups.fencing', partition: 0, offset: 1n }]));
    expect(await transport.committedOffsets('fencing', ['groups.fencing'])).toEqual([{ topic: 'groups.fencing', partition: 0, offset: 1n }]);
    await transport.close();
  });

  it('wake a waiting poll when the consumer closes', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    await transport.ensureTopics([{ name: 'groups.closing', partitions: 1 }]);
    const consumer = await transport.consumer({ groupId: 'closing', topics: ['groups.closing'] });
    const waiting = consumer.poll(10, 600_000);
    await consumer.close();
    await expect(waiting).rejects.toMatchObject({ code: 'closed' });
    await transport.close();
  });
});
