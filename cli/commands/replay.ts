import { reconcileSilver } from '../../checks/reconciliation.ts';
import { replayPipeline } from '../../processors/replay.ts';
import type { Command } from '../command.ts';
import { openTransportTarget } from '../transport-target.ts';
import { LiveBoard } from '../live-board.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import { printReconciliation } from '../pipeline-report.ts';

const usage = `usage: medallion replay [--from earliest|TIME] [--namespace NS] [--partitions N]

Rebuilds silver and gold from bronze on Kafka (MEDALLION_KAFKA_*, default the local
stack): every processor runs again from the first bronze record under a new
namespace — new consumer groups, state rebuilt from nothing — writing the same
silver and gold topics, until it has caught up; then it stops and reconciles.
Gold is keyed upserts, so the warehouse ends with the same gold as the live run
(or the corrected gold, after a processor fix). This is how batch reprocessing
and backfills run: through the same processors, never a second code path.

  --from earliest   rewrite silver and gold from the first bronze record (default)
  --from TIME       rewrite them from the bronze records stamped at or after TIME
                    (ISO 8601, e.g. 2026-11-24T09:00:00Z; in each partition, from the
                    offset Kafka's offsetsForTimes gives). The records before it are
                    still read, since state is over all history (latest versions,
                    aggregates), but only rebuild it: their silver and gold stay as
                    the live run wrote them. This is how a backfill after a fix runs.
  --namespace NS    the replay's namespace (default replay-<time>-)
  --partitions N    partitions of topics the processors create (default 3)`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'rebuild silver and gold from bronze through the same processors (batch reprocessing)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { from: { type: 'string' }, namespace: { type: 'string' }, partitions: { type: 'string' } }, usage);
    noPositionals('replay', positionals, usage);
    const from = replayStart(values.from);
    const partitions = integerOption('partitions', values.partitions, 3, 1, 1000);
    const namespace = values.namespace ?? `replay-${new Date().toISOString().replace(/[^0-9]/g, '').slice(0, 14)}-`;
    const { transport, registry } = await openTransportTarget();
    let board: LiveBoard | undefined;
    try {
      console.log(`replaying bronze ${from === undefined ? 'from the beginning' : `from ${new Date(from).toISOString()} (state rebuilt from the beginning)`} under namespace ${namespace}`);
      const begun = Date.now();
      await replayPipeline({
        transport,
        registry,
        partitions,
        namespace,
        ...(from === undefined ? {} : { from }),
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

/** --from: undefined for earliest, else the time in epoch ms, which must be a date-time in the past. */
function replayStart(value: string | undefined): number | undefined {
  if (value === undefined || value === 'earliest') return undefined;
  const time = /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new UsageError('bad-option', `--from ${JSON.stringify(value)} is neither earliest nor an ISO 8601 date-time.`, 'pass --from earliest, or a time such as 2026-11-24T09:00:00Z.');
  if (time > Date.now()) throw new UsageError('bad-option', `--from ${value} is in the future: no bronze record is stamped that late yet.`, 'pass a time in the past, or --from earliest.');
  return time;
}
