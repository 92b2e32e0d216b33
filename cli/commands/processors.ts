import type { Client } from '@confluentinc/schemaregistry';
import { describeOutage } from '../../core/outage.ts';
import { resolveConnections } from '../../config/connections.ts';
import { placeholderValues } from '../../connect-config/placeholders.ts';
import { changeTopicSpecs } from '../../processors/mysql-cdc/cdc-topics.ts';
import { mysqlCdcProcessors } from '../../processors/mysql-cdc/mysql-cdc-processor.ts';
import { pipelineProcessors } from '../../processors/pipeline-processors.ts';
import type { Processor } from '../../processors/runtime/processor.ts';
import type { ProcessorEvent } from '../../processors/runtime/processor-events.ts';
import { ProcessorHost } from '../../processors/runtime/processor-host.ts';
import type { ProcessorSnapshot } from '../../processors/runtime/processor-metrics.ts';
import { RUNTIME_DEFAULTS } from '../../processors/runtime/runtime-options.ts';
import { embeddedRegistry } from '../../schemas/embedded-registry.ts';
import { TRANSPORT_KINDS, type TransportKind } from '../../transport/transport.ts';
import type { Command } from '../command.ts';
import { openTransportTarget } from '../transport-target.ts';
import { choiceOption, integerOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const DEFAULT_PARTITIONS = 3;
/** Refused records printed one by one per processor; past this only the counts in the status lines say more. */
const REFUSALS_SHOWN = 20;

const usage = `usage: medallion processors run [NAME…] [options]
       medallion processors list

run   runs the named processors (all of them when no NAME is given) exactly once: each
      batch's output, state changes and consumed positions commit in one transaction.
      On Kafka they are the MySQL CDC adapters (Debezium's change events of the
      operational database, MEDALLION_MYSQL_URL, to bronze) and the silver and gold
      processors. Prints a status line per processor; stops cleanly on Ctrl-C or
      SIGTERM (the batch in hand is finished and committed). This is the command a
      processors container runs.
list  prints the processors with their inputs, outputs and stores.

  --transport KIND   kafka (default; MEDALLION_KAFKA_* and MEDALLION_REGISTRY_URL, default the
                     local stack) or in-process (a dry run on an empty log in this process)
  --partitions N     partitions of the topics they create: silver, gold, and inputs that do
                     not exist yet (default ${DEFAULT_PARTITIONS})
  --namespace NS     prefixes consumer groups, transactional ids and changelogs, e.g. for a
                     replay with fresh state (default none)
  --max-batch N      most records per transaction (default ${RUNTIME_DEFAULTS.maxBatch})
  --status-ms N      how often the status lines print (default 10000)`;

const count = (n: number): string => n.toLocaleString('en-US');

/** The CDC adapters' change topics, named after the operational database Debezium captures. */
function cdcNames(): { readonly database: string } {
  return { database: placeholderValues(resolveConnections())['mysql.database'] };
}

/** Every processor the command runs on `kind`: on Kafka the CDC adapters first (the in-process log has no Debezium to feed them). */
function processorsOn(kind: TransportKind, registry: Client, partitions: number): { readonly adapters: readonly Processor[]; readonly all: readonly Processor[] } {
  const adapters = kind === 'kafka' ? mysqlCdcProcessors({ registry, partitions, ...cdcNames() }) : [];
  return { adapters, all: [...adapters, ...pipelineProcessors({ registry, partitions })] };
}

function statusLine(s: ProcessorSnapshot): string {
  if (s.waitingFor !== null) return `${s.processor.padEnd(24)} ${s.state.padEnd(8)} ${s.waitingFor}`;
  const commit = s.commitMs === null ? '' : `, commit p50 ${s.commitMs.p50.toFixed(0)} ms p99 ${s.commitMs.p99.toFixed(0)} ms`;
  return `${s.processor.padEnd(24)} ${s.state.padEnd(8)} in ${count(s.recordsIn)}, out ${count(s.recordsOut)}, dedup ${count(s.deduplicated)}, late ${count(s.late)}, dlq ${count(s.deadLettered)}, skipped ${count(s.skipped)}, lag ${count(s.lag)}${commit}`;
}

function eventPrinter(): (event: ProcessorEvent) => void {
  const refusals = new Map<string, number>();
  return (event) => {
    switch (event.kind) {
      case 'started':
        console.log(`▶ ${event.processor} started (restored ${Object.entries(event.restored).map(([store, n]) => `${store} ${count(n)}`).join(', ') || 'no state'} in ${event.restoreMs.toFixed(0)} ms)`);
        break;
      case 'record-refused': {
        const shown = (refusals.get(event.processor) ?? 0) + 1;
        refusals.set(event.processor, shown);
        if (shown <= REFUSALS_SHOWN) {
          const what = `${event.rule}${event.field === null ? '' : ` ${event.field}`}${event.value === null ? '' : ` = ${JSON.stringify(event.value)}`}`;
          console.log(`✘ ${event.processor}: ${event.topic} partition ${event.partition} offset ${event.offset}: ${what} → ${event.action}${shown === REFUSALS_SHOWN ? ' (further refusals are only counted)' : ''}`);
        }
        break;
      }
      case 'transaction-retried':
        console.log(`⚠ ${event.processor}: a transaction did not commit (attempt ${event.attempt}), resuming at the committed positions: ${event.error.message.split('\n')[0]}`);
        break;
      case 'waiting':
        console.log(`⚠ ${event.processor}: ${describeOutage(event.outage)}${event.outage.retryInMs > 0 ? ` (next try in ${(event.outage.retryInMs / 1000).toFixed(1)}s)` : ''}`);
        break;
      case 'resumed':
        console.log(`✔ ${event.processor}: ${event.outage.service} back after ${(event.downMs / 1000).toFixed(1)}s; resuming at the committed positions`);
        break;
      case 'failed':
        console.error(`✘ ${event.processor} stopped: ${event.error.message}`);
        break;
      case 'stopped':
        console.log(`■ ${event.processor} stopped`);
        break;
      case 'idle':
        break;
    }
  };
}


export const processorsCommand: Command = {
  name: 'processors',
  summary: 'run the CDC adapters and the silver and gold stream processors exactly once (stack mode), or list them',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { transport: { type: 'string' }, partitions: { type: 'string' }, namespace: { type: 'string' }, 'max-batch': { type: 'string' }, 'status-ms': { type: 'string' } },
      usage,
    );
    const [action, ...names] = positionals;
    if (action !== 'run' && action !== 'list') throw new UsageError('bad-option', `processors needs run or list (got ${action === undefined ? 'nothing' : JSON.stringify(action)}).`, `see the usage:\n${usage}`);
    const kind = choiceOption('transport', values.transport, TRANSPORT_KINDS, 'kafka');
    const partitions = integerOption('partitions', values.partitions, DEFAULT_PARTITIONS, 1, 1000);
    const maxBatch = integerOption('max-batch', values['max-batch'], RUNTIME_DEFAULTS.maxBatch, 1, 100_000);
    const statusMs = integerOption('status-ms', values['status-ms'], 10_000, 100, 3_600_000);

    if (action === 'list') {
      for (const p of processorsOn(kind, await embeddedRegistry(), partitions).all) {
        console.log(`${p.name}: ${p.inputs.join(', ')} → ${p.outputs.map((o) => o.name).join(', ')}${p.stores.length > 0 ? `; stores ${p.stores.join(', ')}` : ''}; bad records: ${p.badRecords ?? 'dead-letter'}${p.deadLetters === undefined ? '' : ` → ${p.deadLetters.topic}`}`);
      }
      return 0;
    }

    const { transport, registry } = await openTransportTarget(kind);
    let host: ProcessorHost;
    try {
      const { adapters, all } = processorsOn(kind, registry, partitions);
      const unknown = names.filter((name) => !all.some((p) => p.name === name));
      if (unknown.length > 0) throw new UsageError('bad-option', `no processor is named ${unknown.join(', ')}.`, `name some of: ${all.map((p) => p.name).join(', ')} (or none, for all).`);
      const chosen = names.length === 0 ? all : all.filter((p) => names.includes(p.name));
      // One partition per change topic, made before an adapter reads it: a change's offset is its sequence.
      if (chosen.some((p) => adapters.includes(p))) await transport.ensureTopics(changeTopicSpecs(cdcNames()));
      host = await ProcessorHost.start(chosen, { transport, registry, maxBatch, inputPartitions: partitions, onEvent: eventPrinter(), ...(values.namespace === undefined ? {} : { namespace: values.namespace }) });
    } catch (error) {
      await transport.close();
      throw error;
    }
    console.log(`running ${host.processors.length} processor(s) on ${kind}; Ctrl-C or SIGTERM stops them after the batch in hand`);
    let shown = new Map<string, string>();
    const status = (): void => {
      const lines = new Map(host.snapshot().map((s) => [s.processor, statusLine(s)]));
      for (const [name, line] of lines) if (shown.get(name) !== line) console.log(line);
      shown = lines;
    };
    const ticker = setInterval(status, statusMs);
    const stop = (): void => void host.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await host.done;
      return 0;
    } catch {
      // The failure was printed by its event; the others stop too, so a supervisor restarts the whole set.
      await host.stop();
      return 1;
    } finally {
      clearInterval(ticker);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      status();
      await transport.close();
    }
  },
};
