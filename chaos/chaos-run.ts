import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CartCatalog } from '../generator/carts-api/cart-catalog.ts';
import { CartsApiServer } from '../generator/carts-api/carts-api-server.ts';
import { generateDataset } from '../generator/generate-dataset.ts';
import { uploadDatasetBlobs } from '../pipeline/blob-upload.ts';
import { compareWithExpectedGold, goldMatches, type GoldTableDifference } from '../checks/expected-gold.ts';
import type { PipelineEventSink } from '../pipeline/pipeline-events.ts';
import { applyCdcConnector, prepareStackPipeline } from '../pipeline/stack-pipeline.ts';
import { claimStackPipeline } from '../pipeline/stack-run-lock.ts';
import { Startup } from '../pipeline/startup.ts';
import { withWarehouse } from '../pipeline/warehouse-connection.ts';
import { pipelineProcessors } from '../processors/pipeline-processors.ts';
import { stackContext } from '../stack/stack.ts';
import { injectFault } from './faults.ts';
import { countByKind, faultSchedule, PROCESS_KINDS, type Fault, type ProcessKind } from './schedule.ts';
import { Supervisor, type ProcessSpec } from './supervisor.ts';
import { bronzeDuplicates, factSalesDuplicates, goldFigures, type ChaosVerdict } from './verdict.ts';

export interface ChaosOptions {
  readonly faults: number;
  readonly seed: number;
  /** Distinct store sales of the generated dataset. */
  readonly scale: number;
  /** Multiplies PostgreSQL's outage of 30–60 s. */
  readonly outageScale: number;
  /** How long the pipeline may take to settle once the last fault is undone. */
  readonly settleMs: number;
  /** The run's folder: the dataset, the landing folder, the processes' logs. */
  readonly dir: string;
}

/** What the run reports while it runs, for a progress display. */
export type ChaosProgress =
  | { readonly kind: 'step'; readonly message: string }
  | { readonly kind: 'fault'; readonly index: number; readonly total: number; readonly fault: Fault; readonly landed: number; readonly files: number; readonly selfExits: number }
  | { readonly kind: 'settling'; readonly figures: string };

// The gold processors depend on silver's output: the split deployment runs them as a group of their own.
const GOLD_PROCESSORS = ['silver-sales-enriched', 'gold'];
const SETTLE_POLL_MS = 5_000;

/** The split deployment's processes: a file-source, a sources and three processors containers, and the TypeScript sink. */
function processSpecs(options: { landing: string; workDir: string; cartsApiUrl: string; adapters: readonly string[]; silver: readonly string[] }): Record<ProcessKind, ProcessSpec> {
  return {
    'file-source': { args: ['file-source', '--landing', options.landing, '--archive', path.join(options.workDir, 'archive'), '--quarantine', path.join(options.workDir, 'quarantine')] },
    sources: { args: ['sources', 'run'], env: { MEDALLION_CARTS_API_URL: options.cartsApiUrl } },
    cdc: { args: ['processors', 'run', ...options.adapters] },
    silver: { args: ['processors', 'run', ...options.silver] },
    gold: { args: ['processors', 'run', ...GOLD_PROCESSORS] },
    sink: { args: ['warehouse', 'sink'] },
  };
}

/** Moves the next of the dataset's landing files, in arrival order, into the watched folder: the share due by the end of fault `index` of `total`. */
function landShare(dataset: string, files: readonly string[], landing: string, landed: number, index: number, total: number): number {
  const due = Math.ceil((files.length * index) / total);
  for (const file of files.slice(landed, due)) renameSync(path.join(dataset, file), path.join(landing, path.basename(file)));
  return Math.max(landed, due);
}

/**
 * The chaos run: a generated dataset through the pipeline run as separate
 * processes on the local stack, fed gradually, while the seeded schedule's
 * faults are injected one after the other; then the pipeline is given time to
 * settle and judged: gold equal to the expected gold, nothing duplicated.
 */
export async function runChaos(options: ChaosOptions, report: (progress: ChaosProgress) => void): Promise<ChaosVerdict> {
  const began = Date.now();
  const step = (message: string): void => report({ kind: 'step', message });
  const emit: PipelineEventSink = (event) => {
    if (event.part === 'pipeline') step(event.event.message);
  };
  const dir = path.resolve(options.dir);
  const dataset = path.join(dir, 'dataset');
  const landing = path.join(dir, 'landing');
  const workDir = path.join(dir, 'work');
  rmSync(landing, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(landing, { recursive: true });

  step(`generating the dataset (scale ${options.scale}, seed ${options.seed}) into ${dataset}`);
  const manifest = await generateDataset({ out: dataset, scale: options.scale, seed: options.seed, untidy: true, force: true }, () => {});
  const ctx = stackContext();
  // Like `medallion up`, it clears the pipeline's topics and tables: one run on a stack at a time.
  const release = claimStackPipeline();
  const startup = new Startup();
  const schedule = faultSchedule(options);
  let supervisor: Supervisor | undefined;
  try {
    const prepared = await prepareStackPipeline(startup, dataset, emit);
    const { transport, registry, connections } = prepared;
    step(`uploading the dataset's blobs to Azurite and serving its carts`);
    await uploadDatasetBlobs(connections.azure.connectionString, connections.azure.container, path.join(dataset, 'blobs'));
    const catalog = await CartCatalog.fromDataset(dataset);
    const cartsApi = await startup.add(() => CartsApiServer.start({ catalog }), (api) => api.close());

    const silver = pipelineProcessors({ registry, partitions: 1 }).map((p) => p.name).filter((name) => !GOLD_PROCESSORS.includes(name));
    const specs = processSpecs({ landing, workDir, cartsApiUrl: cartsApi.url, adapters: prepared.adapters.map(([, p]) => p.name), silver });
    const running = new Supervisor(specs, path.join(dir, 'logs'));
    supervisor = running;
    step(`starting the processes (${PROCESS_KINDS.join(', ')}); their logs are in ${path.join(dir, 'logs')}`);
    // The processors make the silver and gold topics the sink reads: they start first.
    for (const kind of ['cdc', 'silver', 'gold'] as const) running.start(kind);
    while (!(await transport.topicNames()).includes('gold.fact_sales')) await sleep(500);
    for (const kind of ['sink', 'sources', 'file-source'] as const) running.start(kind);
    await applyCdcConnector(prepared, emit);

    // The landing folder fills as the faults go: files arrive between faults, and while one is in force.
    let landed = 0;
    const files = manifest.landingArrivalOrder;
    for (const [index, fault] of schedule.entries()) {
      landed = landShare(dataset, files, landing, landed, index + 1, schedule.length);
      await sleep(fault.afterMs);
      report({ kind: 'fault', index: index + 1, total: schedule.length, fault, landed, files: files.length, selfExits: running.selfExits.length });
      await injectFault(fault, running, ctx);
    }

    step(`all ${schedule.length} faults injected and undone; waiting up to ${Math.round(options.settleMs / 1000)} s for the pipeline to settle`);
    const deadline = Date.now() + options.settleMs;
    let differences: GoldTableDifference[] = [];
    for (;;) {
      differences = await withWarehouse(connections.warehouseUrl, (client) => compareWithExpectedGold(client, path.join(dataset, 'expected', 'gold'))).catch(() => []);
      const settled = goldMatches(differences) && readdirSync(landing).length === 0;
      const g = goldFigures(differences);
      report({ kind: 'settling', figures: `gold tables equal ${g.tablesEqual}/${g.tables}, missing ${g.missing}, unexpected ${g.unexpected}` });
      if (settled || Date.now() > deadline) break;
      await sleep(SETTLE_POLL_MS);
    }
    step('checking bronze and gold.fact_sales for duplicates');
    const bronze = await bronzeDuplicates(transport, registry);
    const factSales = await withWarehouse(connections.warehouseUrl, factSalesDuplicates);
    return {
      faults: countByKind(schedule.map((f) => f.kind)),
      ...goldFigures(differences),
      bronzeDuplicates: bronze,
      factSalesDuplicates: factSales,
      selfExits: [...running.selfExits],
      wallMs: Date.now() - began,
      differences,
    };
  } finally {
    await supervisor?.stopAll();
    await startup.stopAll();
    release();
  }
}
