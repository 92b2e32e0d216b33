import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectorStatus } from '../dashboard/pipeline-status.ts';
import { DEFAULT_DASHBOARD_PORT, startDashboard } from '../dashboard/start-dashboard.ts';
import { generateDataset } from '../generator/generate-dataset.ts';
import type { Manifest } from '../generator/manifest.ts';
import { MANIFEST_PATH } from '../generator/output-dir.ts';
import { SCALE_RANGE } from '../generator/sizes.ts';
import { compareWithExpectedGold, goldMatches } from '../pipeline/expected-gold.ts';
import type { PipelineEvent, PipelineEventSink } from '../pipeline/pipeline-events.ts';
import type { RunningPipeline } from '../pipeline/pipeline-parts.ts';
import { pipelineSettled } from '../pipeline/pipeline-settled.ts';
import { pipelineStatusProvider } from '../pipeline/pipeline-status.ts';
import { goldTracer } from '../trace/gold-tracer.ts';
import { withWarehouse } from '../pipeline/warehouse-connection.ts';
import { reconcileSilver } from '../processors/reconciliation.ts';
import type { CartsApiServer } from '../connectors/carts-api/carts-api-server.ts';
import { newCart } from '../connectors/carts-api/new-cart.ts';
import { LiveBoard } from './live-board.ts';
import { integerOption, noPositionals, parseOptions } from './options.ts';
import { layerLines, printGoldComparison, printReconciliation } from './pipeline-report.ts';
import { stackEventLine } from './stack-event-line.ts';
import { UsageError } from './usage-error.ts';

/** The options `demo` and `up` share, as their usage lists them. */
export function runOptionsUsage(defaultDir: string): string {
  return `  --scale N   distinct store sales (default ${SCALE_RANGE.fallback}, ${SCALE_RANGE.min}..${SCALE_RANGE.max})
  --seed S    random seed (default 42)
  --dir DIR   the run's folder, cleared at every start (default ${defaultDir})
  --port P    the dashboard's port on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --once      run to completion, print the summary and exit: 0 when gold equals the expected gold, 1 otherwise`;
}

export type RunOptions = Pick<PipelineRunSpec, 'command' | 'dir' | 'scale' | 'seed' | 'port' | 'once'>;

export function parseRunOptions(command: PipelineRunSpec['command'], args: readonly string[], usage: string, defaultDir: string): RunOptions {
  const { values, positionals } = parseOptions(
    args,
    { scale: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, once: { type: 'boolean' } },
    usage,
  );
  noPositionals(command, positionals, usage);
  return {
    command,
    dir: path.resolve(values.dir ?? defaultDir),
    scale: integerOption('scale', values.scale, SCALE_RANGE.fallback, SCALE_RANGE.min, SCALE_RANGE.max),
    seed: integerOption('seed', values.seed, 42, 0, 2 ** 31 - 1),
    port: integerOption('port', values.port, DEFAULT_DASHBOARD_PORT, 0, 65535),
    once: values.once === true,
  };
}

/** How `demo` and `up` differ; everything else about a run is the same. */
export interface PipelineRunSpec {
  readonly command: 'demo' | 'up';
  /** The run's folder: DIR/dataset and DIR/work, cleared at every start. */
  readonly dir: string;
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
  /** Stops what a previous run of the folder left running, before the folder is cleared. */
  readonly beforeClear?: (dir: string) => Promise<void>;
  start(dataset: string, workDir: string, onEvent: PipelineEventSink): Promise<RunningPipeline & { connectors?: () => Promise<ConnectorStatus[]> }>;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** An empty folder for this run: a previous run's is stopped and cleared, so old and new data never mix; anything else is refused. */
async function freshRunDir(spec: PipelineRunSpec): Promise<void> {
  const { dir, command } = spec;
  // Marks a folder as this command's own, so a later run may clear it.
  const marker = path.join(dir, `.medallion-${command}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(marker)) {
      throw new UsageError('bad-option', `--dir ${dir} is not empty and is not a previous ${command} run's folder.`, `choose another --dir, or empty ${dir} first.`);
    }
    await spec.beforeClear?.(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(marker, `The folder of \`medallion ${command}\`: cleared at the start of every run.\n`);
  } catch (error) {
    throw new UsageError('bad-option', `--dir ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, 'choose a --dir you can write to.');
  }
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
      return event.event.kind === 'warehouse-unavailable' && event.event.attempt === 1 ? `    ⚠ warehouse unavailable (${event.event.error.message}); the sink retries` : undefined;
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
  await freshRunDir(spec);
  const dataset = path.join(spec.dir, 'dataset');
  console.log(`1/4 generating the sample dataset (scale ${count(spec.scale)}, seed ${spec.seed}) into ${dataset}`);
  await generateDataset({ out: dataset, scale: spec.scale, seed: spec.seed, untidy: true, force: false }, (event) => {
    if (event.kind === 'phase') console.log(`    ${event.phase}…`);
  });
  const manifest = JSON.parse(readFileSync(path.join(dataset, MANIFEST_PATH), 'utf8')) as Manifest;

  console.log(`2/4 starting the pipeline (${spec.mode})`);
  let board: LiveBoard | undefined;
  const note = (line: string): void => (board === undefined ? console.log(line) : board.note(line));
  const pipeline = await spec.start(dataset, path.join(spec.dir, 'work'), (event) => {
    const line = noteworthy(event);
    if (line !== undefined) note(line);
  });
  try {
    const trace = goldTracer(async () => pipeline, pipeline.connections.warehouseBiUrl);
    const dashboard = await startDashboard({ warehouseUrl: pipeline.connections.warehouseBiUrl, port: spec.port, pipelineStatus: pipelineStatusProvider({ mode: spec.statusMode, ...pipeline }), trace });
    console.log(`    dashboard: ${dashboard.url} (it fills up as the data arrives)`);

    console.log('3/4 running every source through bronze, silver and gold into the warehouse');
    board = new LiveBoard(() => layerLines(pipeline));
    board.start();
    await pipelineSettled(pipeline, manifest);
    board.stop();
    board = undefined;

    console.log(`4/4 reconciling (${((Date.now() - begun) / 1000).toFixed(1)}s so far)`);
    const reconciliation = await reconcileSilver(pipeline.transport, pipeline.registry);
    printReconciliation(reconciliation);
    const ok = (await goldSummary(pipeline, path.join(dataset, 'expected', 'gold'))) && reconciliation.every((r) => r.ok);
    console.log(`\n${ok ? "✔ the warehouse's gold equals the expected gold" : "✘ the warehouse's gold differs from the expected gold"} (${((Date.now() - begun) / 1000).toFixed(1)}s)`);
    if (spec.once) {
      await dashboard.close();
      return ok ? 0 : 1;
    }
    console.log(`\ndashboard: ${dashboard.url}`);
    console.log(`warehouse: ${pipeline.connections.warehouseBiUrl}  (read-only BI role; Power BI and pgAdmin connect here)`);

    console.log(`watching ${pipeline.landing} (CSV), ${spec.watching}: new data reaches the dashboard within seconds; Ctrl-C stops.`);
    const blobEndpoint = /BlobEndpoint=([^;]+)/.exec(pipeline.connections.azure.connectionString)?.[1] ?? 'the storage account';
    console.log(`blobs: upload customers/*.csv or countries/*.csv to container ${pipeline.connections.azure.container} at ${blobEndpoint}`);
    console.log(`online orders: a new cart arrives at the carts API (${pipeline.cartsApi.url}) every ${LIVE_ORDER_MS / 1000} s; POST your own to ${pipeline.cartsApi.url}/add`);
    board = new LiveBoard(() => layerLines(pipeline));
    board.start();
    const orders = liveOrders(pipeline.cartsApi, Date.parse(manifest.salesWindow.to));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(orders);
    board.stop();
    console.log('\nstopping');
    await dashboard.close();
    return 0;
  } finally {
    await pipeline.stop();
  }
}
