/**
 * A child process for disk-log.test.ts: opens a disk-backed in-process log in
 * the folder given and commits transactions until it is killed (or a write
 * fails, which it prints as JSON and exits 3). Transaction t sends RECORDS
 * records `t:i` to topic events and commits position t + 1 of group copier on
 * topic input, then prints t: the test kills it with SIGKILL mid-stream.
 */
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { TransportError } from '../../../transport/transport-error.ts';

export const RECORDS = 25;
export const WRITER_OPTIONS = { budgetBytes: 4096, segmentBytes: 2048 };

if (process.argv[2] !== undefined) {
  const transport = new InProcessTransport(InProcessLog.open({ dir: process.argv[2], ...WRITER_OPTIONS }));
  await transport.ensureTopics([{ name: 'input', partitions: 1 }, { name: 'events', partitions: 3 }]);
  const consumer = await transport.consumer({ groupId: 'copier', topics: ['input'] });
  const producer = await transport.producer('writer');
  const padding = 'x'.repeat(100);
  try {
    for (let t = 0; ; t += 1) {
      await producer.transaction((tx) => {
        tx.send(Array.from({ length: RECORDS }, (_, i) => ({ topic: 'events', key: Buffer.from(`k${i}`), value: Buffer.from(`${t}:${i}:${padding}`) })));
        tx.sendOffsets(consumer, [{ topic: 'input', partition: 0, offset: BigInt(t + 1) }]);
      });
      process.stdout.write(`${t}\n`);
    }
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    process.stdout.write(JSON.stringify({ code: error.code, message: error.message, fix: error.fix }) + '\n');
    process.exit(3);
  }
}
