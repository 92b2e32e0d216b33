import { basename } from 'node:path';
import { FILE_ENTITIES } from '../../connectors/file-source/entity-of-file.ts';
import { FileSource } from '../../connectors/file-source/file-source.ts';
import { FILE_SOURCE_DEFAULTS, landingFolder } from '../../connectors/file-source/file-source-options.ts';
import type { FileSourceEvent } from '../../connectors/file-source/file-source-events.ts';
import type { FileSourceSnapshot } from '../../connectors/file-source/file-source-metrics.ts';
import { fileSourceSerde } from '../../connectors/file-source/file-ingest.ts';
import { TRANSPORT_KINDS } from '../../transport/transport.ts';
import type { Command } from '../command.ts';
import { openTransportTarget, startWhenKafkaAnswers } from '../transport-target.ts';
import { choiceOption, integerOption, noPositionals, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion file-source --landing DIR [options]

Watches DIR for CSV files (sales*, products*, employees*) and produces each row to
bronze.<entity>, or dlq.<entity> with the reason, exactly once: rows and checkpoints
commit together, so a restart resumes every file where it was. Runs until Ctrl-C.

  --landing DIR        the watched folder (must exist)
  --archive DIR        where finished files go (default DIR/../archive)
  --quarantine DIR     where unreadable and unknown files go (default DIR/../quarantine)
  --settle-ms N        a file is read once unchanged this long (default ${FILE_SOURCE_DEFAULTS.settleMs})
  --finish-ms N        a fully read file unchanged this long is finished and archived (default ${FILE_SOURCE_DEFAULTS.finishMs})
  --transport KIND     kafka (default; MEDALLION_KAFKA_* and MEDALLION_REGISTRY_URL, default the local
                       stack) or in-process (a dry run: records live in this process only)
  --topic-prefix P     prepended to every topic name (default none)
  --source-name NAME   names the checkpoints and transactional id (default from the landing folder's path)
  --batch-rows N       rows per transaction (default ${FILE_SOURCE_DEFAULTS.batchRows})`;

const count = (n: number): string => n.toLocaleString('en-US');

/** Prints what matters as it happens; progress goes on one refreshed line on a terminal, else every few seconds. */
function printer(live: boolean): { event: (event: FileSourceEvent) => void; progress: (snapshot: FileSourceSnapshot) => void; clear: () => void } {
  let shown = '';
  const clear = (): void => {
    if (live && shown !== '') process.stdout.write('\r\x1b[K');
    shown = '';
  };
  const line = (text: string): void => {
    clear();
    console.log(text);
  };
  return {
    clear,
    event(event) {
      switch (event.kind) {
        case 'started':
          line(`watching ${event.landing} on ${event.transport} (archive ${event.archive}, quarantine ${event.quarantine}; ${event.checkpoints} files known from checkpoints)`);
          break;
        case 'file-seen':
          line(`→ ${basename(event.path)} (${event.entity}, ${count(event.size)} bytes${event.resumedAt > 0 ? `, resuming at byte ${count(event.resumedAt)}` : ''})`);
          break;
        case 'file-moved':
          line(`↷ ${basename(event.from)} is now ${event.to}`);
          break;
        case 'row-dead-lettered':
          line(`✘ ${basename(event.path)} line ${event.line}: ${event.rule}${event.field === null ? '' : ` ${event.field}`}${event.value === null ? '' : ` = ${JSON.stringify(event.value)}`}${event.detail === undefined ? '' : ` (${event.detail})`} → dlq.${event.entity}`);
          break;
        case 'columns-ignored':
          line(`ℹ ${basename(event.path)}: ${event.columns.length} column(s) no ${event.entity} field matches, kept in bronze's extras and otherwise ignored: ${event.columns.join(', ')}`);
          break;
        case 'rows-skipped':
          line(`✘ ${basename(event.path)}: ${count(event.rows)} more row(s) not read — the header does not name the key (see its dead letter in dlq.${event.entity})`);
          break;
        case 'file-archived':
          line(`✔ ${basename(event.path)} finished → ${event.to}`);
          break;
        case 'file-duplicate':
          line(`= ${basename(event.path)} is identical to ${event.sameAs}, already produced → ${event.to}`);
          break;
        case 'file-quarantined':
          line(`⚠ ${event.path} quarantined (${event.reason}): ${event.detail}${event.to === null ? ' — and could not be moved; it is left alone' : ` → ${event.to}`}`);
          break;
        case 'step-failed':
          line(`⚠ ${basename(event.path)}: ${event.error.message} (retrying in ${(event.retryInMs / 1000).toFixed(1)}s)`);
          break;
        default:
          break;
      }
    },
    progress(snapshot) {
      const { totals } = snapshot;
      const entities = FILE_ENTITIES.map((e) => `${e} ${count(snapshot.entities[e].produced)}/${count(snapshot.entities[e].deadLettered)}`).join('  ');
      const text = `rows read ${count(totals.rowsRead)}, produced ${count(totals.produced)}, dead-lettered ${count(totals.deadLettered)}  (${entities})`;
      if (text === shown) return;
      if (live) process.stdout.write(`\r\x1b[K${text}`);
      else console.log(text);
      shown = text;
    },
  };
}


export const fileSourceCommand: Command = {
  name: 'file-source',
  summary: 'watch the CSV landing folder and produce its rows to bronze exactly once (dead letters to dlq.*)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        landing: { type: 'string' },
        archive: { type: 'string' },
        quarantine: { type: 'string' },
        'settle-ms': { type: 'string' },
        'finish-ms': { type: 'string' },
        transport: { type: 'string' },
        'topic-prefix': { type: 'string' },
        'source-name': { type: 'string' },
        'batch-rows': { type: 'string' },
      },
      usage,
    );
    noPositionals('file-source', positionals, usage);
    if (values.landing === undefined) throw new UsageError('missing-option', 'file-source needs --landing, the folder to watch.', `pass --landing DIR.\n${usage}`);
    const kind = choiceOption('transport', values.transport, TRANSPORT_KINDS, 'kafka');
    const settleMs = integerOption('settle-ms', values['settle-ms'], FILE_SOURCE_DEFAULTS.settleMs, 1, 3_600_000);
    const finishMs = integerOption('finish-ms', values['finish-ms'], FILE_SOURCE_DEFAULTS.finishMs, 1, 86_400_000);
    const batchRows = integerOption('batch-rows', values['batch-rows'], FILE_SOURCE_DEFAULTS.batchRows, 1, 1_000_000);

    // A wrong folder is reported before any connection is tried.
    await landingFolder(values.landing);
    const { transport, registry } = await openTransportTarget(kind);
    const print = printer(process.stdout.isTTY === true);
    let source: FileSource;
    try {
      const landing = values.landing;
      source = await startWhenKafkaAnswers(() => FileSource.start({
        landing,
        ...(values.archive === undefined ? {} : { archive: values.archive }),
        ...(values.quarantine === undefined ? {} : { quarantine: values.quarantine }),
        ...(values['topic-prefix'] === undefined ? {} : { topicPrefix: values['topic-prefix'] }),
        ...(values['source-name'] === undefined ? {} : { sourceName: values['source-name'] }),
        settleMs,
        finishMs,
        batchRows,
        transport,
        serde: fileSourceSerde(registry),
        onEvent: print.event,
      }));
    } catch (error) {
      await transport.close();
      throw error;
    }
    const ticker = setInterval(() => print.progress(source.snapshot()), process.stdout.isTTY === true ? 250 : 5000);
    const stop = (): void => void source.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await source.done;
    } finally {
      clearInterval(ticker);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print.progress(source.snapshot());
      print.clear();
      await transport.close();
    }
    const { totals } = source.snapshot();
    console.log(`stopped: ${count(totals.rowsRead)} rows read, ${count(totals.produced)} produced, ${count(totals.deadLettered)} dead-lettered`);
    return 0;
  },
};
