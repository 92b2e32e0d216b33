import path from 'node:path';
import { describeOutage } from '../core/outage.ts';
import type { ConnectorStatus } from '../dashboard/pipeline-status.ts';
import { DEFAULT_DASHBOARD_PORT, startDashboard, type Dashboard } from '../dashboard/start-dashboard.ts';
import { SCALE_RANGE } from '../generator/sizes.ts';
import { compareWithExpectedGold, goldMatches } from '../checks/expected-gold.ts';
import type { PipelineEvent, PipelineEventSink } from '../pipeline/pipeline-events.ts';
import type { RunningPipeline } from '../pipeline/pipeline-parts.ts';
import { pipelineSettled } from '../pipeline/pipeline-settled.ts';
import { pipelineStatusProvider } from '../pipeline/pipeline-status.ts';
import { DEFAULT_BUDGET_BYTES } from '../transport/in-process/log-storage.ts';
import { goldTracer } from '../trace/gold-tracer.ts';
import { topicBrowser } from '../topics/topic-browser.ts';
import { shownUrl } from '../config/shown-url.ts';
import { placeholderValues } from '../connect-config/placeholders.ts';
import { withWarehouse } from '../pipeline/warehouse-connection.ts';
import { reconcileSilver } from '../checks/reconciliation.ts';
import type { CartsApiServer } from '../generator/carts-api/carts-api-server.ts';
import { newCart } from '../generator/carts-api/new-cart.ts';
import { renderReportTable } from '../checks/validate/report-table.ts';
import { validateWarehouse } from '../checks/validate/validate-warehouse.ts';
import { LiveBoard } from './live-board.ts';
import { integerOption, noPositionals, parseOptions } from './options.ts';
import { layerLines, printGoldComparison, printReconciliation } from './pipeline-report.ts';
import { stackEventLine } from './stack-event-line.ts';
import { generatedInput, ownInput, type PipelineInput, type RunInput } from './run-input.ts';
import { UsageError } from './usage-error.ts';

/** The options `demo` and `up` share, as their usage lists them. */
export function runOptionsUsage(defaultDir: string): string {
  return `  --scale N   distinct store sales (default ${SCALE_RANGE.fallback}, ${SCALE_RANGE.min}..${SCALE_RANGE.max})
  --seed S    random seed (default 42)
  --dir DIR   the run's folder, cleared at every start (default ${defaultDir})
  --port P    the dashboard's port on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --once      run to completion, print the summary and exit: 0 when every bronze record reconciles and gold equals the expected gold, 1 otherwise`;
}

export type RunOptions = Pick<PipelineRunSpec, 'command' | 'dir' | 'scale' | 'seed' | 'port' | 'once' | 'dataset'> & {
  /** Embedded mode's in-process log: the most MiB of records it keeps in memory. */
  readonly logBudgetMib: number;
};

/** The run's options; `datasetDir`, when given, makes --dataset an option and is --dir's default with it. */
export function parseRunOptions(command: PipelineRunSpec['command'], args: readonly string[], usage: string, defaultDir: string, datasetDir?: string): RunOptions {
  const { values, positionals } = parseOptions(
    args,
    { scale: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, once: { type: 'boolean' }, dataset: { type: 'string' }, 'log-budget': { type: 'string' } },
    usage,
  );
  noPositionals(command, positionals, usage);
  const { dataset } = values;
  if (dataset !== undefined) {
    if (datasetDir === undefined) throw new UsageError('bad-option', `${command} takes no --dataset.`, 'run your own folder with medallion demo --dataset DIR.');
    if (values.scale !== undefined || values.seed !== undefined) {
      throw new UsageError('bad-option', '--scale and --seed size the generated sample; --dataset runs your folder as it is.', 'pass either --dataset DIR, or --scale and --seed.');
    }
    if (dataset === '') throw new UsageError('bad-option', '--dataset "" names no folder.', 'pass --dataset with the folder holding your data.');
  }
  if (command === 'up' && values['log-budget'] !== undefined) {
    throw new UsageError('bad-option', "--log-budget sizes embedded mode's in-process log; up runs on Kafka.", 'pass --log-budget to medallion demo.');
  }
  return {
    command,
    ...(dataset === undefined ? {} : { dataset: path.resolve(dataset) }),
    // Below the log's least (two segments) the log itself refuses, naming it.
    logBudgetMib: integerOption('log-budget', values['log-budget'], DEFAULT_BUDGET_BYTES / 2 ** 20, 1, 2 ** 20),
    dir: path.resolve(values.dir ?? (dataset === undefined ? defaultDir : datasetDir!)),
    scale: integerOption('scale', values.scale, SCALE_RANGE.fallback, SCALE_RANGE.min, SCALE_RANGE.max),
    seed: integerOption('seed', values.seed, 42, 0, 2 ** 31 - 1),
    port: integerOption('port', values.port, DEFAULT_DASHBOARD_PORT, 0, 65535),
    once: values.once === true,
  };
}

/** How `demo` and `up` differ; everything else about a run is the same. */
export interface PipelineRunSpec {
  readonly command: 'demo' | 'up';
  /** The run's folder: DIR/dataset (the generated sample) and DIR/work, cleared at every start. */
  readonly dir: string;
  /** A folder of the user's own in the dataset layout, run instead of a generated sample: read, never written. */
  readonly dataset?: string;
  readonly scale: number;
  readonly seed: number;
  readonly port: number;
  readonly once: boolean;
  /** As step 2 names it, e.g. "embedded mode". */
  readonly mode: string;
  /** As the dashboard's Pipeline page names it. */
  readonly statusMode: string;
  /** What the run watches for new data once settled, e.g. "Azurite's container and the carts API". */
  readonly watching: string;
  /** The file that holds the warehouse's passwords for a run in `workDir` (printed, never the password itself). */
  passwordsFile(workDir: string): string;
  /** Stops what a previous run of the folder left running, before the folder is cleared. */
  readonly beforeClear?: (dir: string) => Promise<void>;
  start(input: PipelineInput, onEvent: PipelineEventSink): Promise<RunningPipeline & { connectors?: () => Promise<ConnectorStatus[]> }>;
}

/** The few events worth a line of their own above the live board. */
function noteworthy(event: PipelineEvent): string | undefined {
  switch (event.part) {
    case 'pipeline':
      return `    ${event.event.message}…`;
    case 'stack':
      return `    ${stackEventLine(event.event)}`;
    case 'connectors': {
      const e = event.event;
      if (e.kind === 'applied') return `    → connector ${e.connector} ${e.action}`;
      if (e.kind === 'restarting') return `    ⚠ connector ${e.connector}: ${e.cause}; restarting its failed task (attempt ${e.attempt}, waiting ${(e.sinceMs / 1000).toFixed(0)}s for its database)`;
      return e.kind === 'running' ? `    ✔ connector ${e.connector} RUNNING with ${e.tasks} task${e.tasks === 1 ? '' : 's'} (${(e.elapsedMs / 1000).toFixed(1)}s)` : undefined;
    }
    case 'file-source': {
      const e = event.event;
      if (e.kind === 'columns-ignored') return `    ℹ ${path.basename(e.path)}: column(s) no ${e.entity} field matches, kept in bronze's extras: ${e.columns.join(', ')}`;
      if (e.kind === 'rows-skipped') return `    ✘ ${path.basename(e.path)}: ${e.rows} row(s) not read, its header does not name the key (dead letter in dlq.${e.entity})`;
      return e.kind === 'file-quarantined' ? `    ⚠ ${e.path} quarantined (${e.reason}): ${e.detail}` : undefined;
    }
    case 'blob-source': {
      const e = event.event;
      if (e.kind === 'columns-ignored') return `    ℹ blob ${e.name}: column(s) no ${e.entity} field matches, kept in bronze's extras: ${e.columns.join(', ')}`;
      if (e.kind === 'rows-skipped') return `    ✘ blob ${e.name}: ${e.rows} row(s) not read, its header does not name the key (dead letter in dlq.${e.entity})`;
      if (e.kind === 'poll-failed' && e.attempt === 1) return `    ⚠ ${event.part}: ${e.cause}; retrying`;
      return e.kind === 'poll-recovered' ? `    ✔ ${event.part} recovered after ${e.failures} failed polls` : undefined;
    }
    case 'carts-source': {
      const e = event.event;
      if (e.kind === 'poll-failed' && e.attempt === 1) return `    ⚠ ${event.part}: ${e.cause}; retrying`;
      return e.kind === 'poll-recovered' ? `    ✔ ${event.part} recovered after ${e.failures} failed polls` : undefined;
    }
    case 'mysql-snapshot':
      return event.event.kind === 'stand-in' ? `    ℹ MySQL: ${event.event.detail}` : undefined;
    case 'processors':
      return event.event.kind === 'failed' ? `    ✘ processor ${event.event.processor} stopped: ${event.event.error.message}` : undefined;
    case 'sink':
      return event.event.kind === 'waiting' && event.event.outage.attempt === 1 ? `    ⚠ the sink is ${describeOutage(event.event.outage)}` : undefined;
  }
}

async function goldSummary(pipeline: RunningPipeline, expectedGold: string): Promise<boolean> {
  const differences = await withWarehouse(pipeline.connections.warehouseUrl, (client) => compareWithExpectedGold(client, expectedGold));
  printGoldComparison(differences);
  return goldMatches(differences);
}

/**
 * The main job, as `demo` and `up` run it: generate the dataset, start the
 * pipeline, serve the dashboard, show the layers live until everything has gone
 * through, reconcile, compare the warehouse's gold with the expected gold; then
 * exit (--once: 0 when equal) or keep running until Ctrl-C or SIGTERM.
 */
const LIVE_ORDER_MS = 15_000;

/** Keeps the dashboard moving: a new online order every LIVE_ORDER_MS, a minute after the one before, starting where the dataset ends. */
function liveOrders(api: CartsApiServer, lastSaleAt: number): NodeJS.Timeout {
  let at = lastSaleAt;
  return setInterval(() => {
    at += 60_000;
    api.catalog.add([newCart(api.catalog, Math.random, new Date(at))]);
  }, LIVE_ORDER_MS);
}

export async function runPipeline(spec: PipelineRunSpec): Promise<number> {
  const begun = Date.now();
  const input = spec.dataset === undefined ? await generatedInput(spec) : await ownInput(spec, spec.dataset);

  console.log(`2/4 starting the pipeline (${spec.mode})`);
  let board: LiveBoard | undefined;
  const note = (line: string): void => (board === undefined ? console.log(line) : board.note(line));
  const { dataset, workDir, landing } = input;
  const pipeline = await spec.start({ dataset, workDir, ...(landing === undefined ? {} : { landing }) }, (event) => {
    input.record(event);
    const line = noteworthy(event);
    if (line !== undefined) note(line);
  });
  let dashboard: Dashboard | undefined;
  try {
    const trace = goldTracer(async () => pipeline, pipeline.connections.warehouseBiUrl);
    // The pipeline's own transport: the browser is never closed, the pipeline closes it.
    const topics = topicBrowser({ mode: spec.statusMode, open: async () => pipeline, cdcDatabase: placeholderValues(pipeline.connections)['mysql.database'] });
    dashboard = await startDashboard({ warehouseUrl: pipeline.connections.warehouseBiUrl, port: spec.port, pipelineStatus: pipelineStatusProvider({ mode: spec.statusMode, ...pipeline }), trace, topics });
    console.log(`    dashboard: ${dashboard.url} (it fills up as the data arrives)`);

    console.log('3/4 running every source through bronze, silver and gold into the warehouse');
    board = new LiveBoard(() => layerLines(pipeline));
    board.start();
    await pipelineSettled(pipeline, () => input.caughtUp(pipeline));
    board.stop();
    board = undefined;

    const ok = await summary(pipeline, input, begun);
    if (spec.once) return ok ? 0 : 1;
    console.log(`\ndashboard: ${dashboard.url}`);
    // Never the password: the services' is in their secrets file, a real warehouse's in the user's MEDALLION_WAREHOUSE_BI_URL.
    console.log(`warehouse: ${shownUrl(pipeline.connections.warehouseBiUrl)}  (read-only BI role, password in ${spec.passwordsFile(workDir)} or your MEDALLION_WAREHOUSE_BI_URL; Power BI and pgAdmin connect here)`);

    const copied = spec.dataset === undefined ? '' : ` (the run's copy of ${path.join(dataset, 'landing')}, which is never changed)`;
    console.log(`watching ${pipeline.landing}${copied} (CSV), ${spec.watching}: new data reaches the dashboard within seconds; Ctrl-C stops.`);
    const blobEndpoint = /BlobEndpoint=([^;]+)/.exec(pipeline.connections.azure.connectionString)?.[1] ?? 'the storage account';
    console.log(`blobs: upload customers/*.csv or countries/*.csv to container ${pipeline.connections.azure.container} at ${blobEndpoint}`);
    const orders = input.liveOrdersFrom === undefined ? undefined : liveOrders(pipeline.cartsApi, input.liveOrdersFrom);
    console.log(`online orders: ${orders === undefined ? '' : `a new cart arrives at the carts API (${pipeline.cartsApi.url}) every ${LIVE_ORDER_MS / 1000} s; `}POST your own to ${pipeline.cartsApi.url}/add`);
    board = new LiveBoard(() => layerLines(pipeline));
    board.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(orders);
    board.stop();
    board = undefined;
    console.log('\nstopping');
    return 0;
  } finally {
    // A run that fails midway must not leave the board's timer or the dashboard's server keeping the process alive.
    board?.stop();
    await dashboard?.close();
    await pipeline.stop();
  }
}

/** Step 4: reconciliation, validation (a user's folder) and the expected gold (when known), each printed; true when all pass. */
async function summary(pipeline: RunningPipeline, input: RunInput, begun: number): Promise<boolean> {
  const elapsed = (): string => `${((Date.now() - begun) / 1000).toFixed(1)}s`;
  console.log(`4/4 reconciling${input.validate ? ' and validating' : ''} (${elapsed()} so far)`);
  const reconciliation = await reconcileSilver(pipeline.transport, pipeline.registry);
  printReconciliation(reconciliation);
  const reconciled = reconciliation.every((r) => r.ok);
  const verdicts = [reconciled ? '✔ every bronze record is in silver, removed as a duplicate, or dead-lettered' : '✘ some bronze records are unaccounted for (see ✘ above)'];
  let ok = reconciled;
  if (input.validate) {
    const report = await withWarehouse(pipeline.connections.warehouseUrl, (client) => validateWarehouse(client, { transport: pipeline.transport }));
    console.log(`\n${renderReportTable(report.results)}`);
    for (const line of report.notes) console.log(`note: ${line}`);
    const failed = report.results.filter((r) => r.status === 'fail').length;
    verdicts.push(report.ok ? `✔ valid: ${report.results.length} checks (gold = warehouse/reference/gold.sql over silver among them), none failed` : `✘ INVALID: ${failed} of ${report.results.length} checks failed`);
    ok &&= report.ok;
  }
  if (input.expectedGold === undefined) {
    verdicts.push('ℹ no expected gold to compare with (the dataset has no expected/gold/)');
  } else {
    const matches = await goldSummary(pipeline, input.expectedGold);
    verdicts.push(matches ? "✔ the warehouse's gold equals the expected gold" : "✘ the warehouse's gold differs from the expected gold");
    ok &&= matches;
  }
  console.log('');
  for (const verdict of verdicts) console.log(verdict);
  console.log(`(${elapsed()})`);
  return ok;
}
