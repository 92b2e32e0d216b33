/**
 * The child process of the crash test: runs the dedupe-sum test processor on Kafka
 * until it is killed, printing one JSON line per runtime event it reports.
 * Usage: node --import tsx crash-worker.ts '<json of CrashWorkerArgs>'
 */
import { resolveConnections } from '../../../../config/connections.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import { deadLetterRegistry, dedupeSum } from '../../../../bench/test-processors.ts';

export interface CrashWorkerArgs {
  readonly input: string;
  readonly output: string;
  readonly dlq: string;
  readonly namespace: string;
}

const args = JSON.parse(process.argv[2]!) as CrashWorkerArgs;
const transport = await openTransport({ kind: 'kafka', kafka: resolveConnections().kafka });
const processor = dedupeSum({ name: 'dedupe-sum', input: args.input, output: args.output, deadLetterTopic: args.dlq });
const running = await runProcessor(processor, {
  transport,
  registry: await deadLetterRegistry([args.dlq]),
  namespace: args.namespace,
  // Small batches: many transactions, so kills land in every phase of one.
  maxBatch: 50,
  pollMs: 50,
  onEvent: (event) => console.log(JSON.stringify({ kind: event.kind, ...(event.kind === 'failed' ? { error: event.error.message } : {}) })),
});
await running.done;
await transport.close();
