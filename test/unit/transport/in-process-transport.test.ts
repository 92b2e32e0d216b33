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
