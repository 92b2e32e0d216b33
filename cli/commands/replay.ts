import { reconcileSilver } from '../../processors/reconciliation.ts';
import { replayPipeline } from '../../processors/replay.ts';
import type { Command } from '../command.ts';
import { openTransportTarget } from '../transport-target.ts';
import { LiveBoard } from '../live-board.ts';
import { choiceOption, integerOption, noPositionals, parseOptions } from '../options.ts';
import { printReconciliation } from '../pipeline-report.ts';

const FROM = ['earliest'] as const;

const usage = `usage: medallion replay [--from earliest] [--namespace NS] [--partitions N]

Rebuilds silver and gold from bronze on Kafka (MEDALLION_KAFKA_*, default the local
stack): every processor runs again from the first bronze record under a new
namespace — new consumer groups, state rebuilt from nothing — writing the same
silver and gold topics, until it has caught up; then it stops and reconciles.
Gold is keyed upserts, so the warehouse ends with the same gold as the live run
(or the corrected gold, after a processor fix). This is how batch reprocessing
and backfills run: through the same processors, never a second code path.

  --from earliest   where the replay starts. Only the beginning of bronze: the gold
                    aggregates are state over all history, so a replay that starts
                    later would rebuild them from part of it.
  --namespace NS    the replay's namespace (default replay-<time>-)
  --partitions N    partitions of topics the processors create (default 3)`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'rebuild silver and gold from bronze through the same processors (batch reprocessing)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { from: { type: 'string' }, namespace: { type: 'string' }, partitions: { type: 'string' } }, usage);
    noPositionals('replay', positionals, usage);
    choiceOption('from', values.from, FROM, 'earliest');
    const partitions = integerOption('partitions', values.partitions, 3, 1, 1000);
    const namespace = values.namespace ?? `replay-${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-`;
    const { transport, registry } = await openTransportTarget();
    let board: LiveBoard | undefined;
    try {
      console.log(`replaying bronze from the beginning under namespace ${namespace}`);
      const begun = Date.now();
      await replayPipeline({
        transport,
        registry,
        partitions,
        namespace,
        onStarted: (host) => {
          board = new LiveBoard(() =>
            host.snapshot().map((s) => `    ${s.processor.padEnd(22)} in ${s.recordsIn.toLocaleString('en-US')}, out ${s.recordsOut.toLocaleString('en-US')}, lag ${s.lag.toLocaleString('en-US')}`),
          );
          board.start();
        },
      });
      board?.stop();
      console.log(`caught up with bronze in ${((Date.now() - begun) / 1000).toFixed(1)}s\n`);
      const rows = await reconcileSilver(transport, registry, { namespace });
      printReconciliation(rows);
      return rows.every((r) => r.ok) ? 0 : 1;
    } finally {
      board?.stop();
      await transport.close();
    }
  },
};
