/**
 * The child process of the pipeline crash test: runs every silver and gold
 * processor on Kafka under a topic prefix (also its runtime namespace), printing
 * one JSON line per runtime event. With --until-settled it stops once the
 * pipeline has settled and prints {"kind":"settled"}; otherwise it runs until killed.
 * Usage: node --import tsx pipeline-crash-worker.ts PREFIX [--until-settled]
 */
import { resolveConnections } from '../../../../config/connections.ts';
import { pipelineProcessors } from '../../../../processors/pipeline-processors.ts';
import { ProcessorHost } from '../../../../processors/runtime/processor-host.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import { crashTestRegistry } from './pipeline-crash-registry.ts';

const [prefix, mode] = process.argv.slice(2) as [string, string | undefined];
const registry = await crashTestRegistry(prefix);
const transport = await openTransport({ kind: 'kafka', kafka: resolveConnections().kafka });
const host = await ProcessorHost.start(pipelineProcessors({ registry, partitions: 3, topicPrefix: prefix }), {
  transport,
  registry,
  namespace: prefix,
  // Small batches: many transactions, so kills land in every phase of one.
  maxBatch: 200,
  pollMs: 50,
  onEvent: (event) => console.log(JSON.stringify({ kind: event.kind, processor: event.processor, ...(event.kind === 'failed' ? { error: event.error.message } : {}) })),
});
console.log(JSON.stringify({ kind: 'host-started' }));
if (mode === '--until-settled') {
  await host.settled();
  console.log(JSON.stringify({ kind: 'settled' }));
  await host.stop();
}
await host.done;
await transport.close();
