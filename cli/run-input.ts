import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDataset } from '../generator/generate-dataset.ts';
import type { Manifest } from '../generator/manifest.ts';
import { MANIFEST_PATH } from '../generator/output-dir.ts';
import { DatasetProgress } from '../pipeline/dataset-progress.ts';
import type { PipelineEvent } from '../pipeline/pipeline-events.ts';
import type { RunningPipeline } from '../pipeline/pipeline-parts.ts';
import { manifestCaughtUp } from '../pipeline/pipeline-settled.ts';
import { copyLanding, datasetLines, ownDataset } from './dataset-input.ts';
import type { PipelineRunSpec } from './pipeline-run.ts';
import { UsageError } from './usage-error.ts';

/** What a run reads and where it works. */
export interface PipelineInput {
  /** The folder in the dataset layout the sources read. */
  readonly dataset: string;
  /** The run's own files: the services' data, the archive and quarantine of CSV files. */
  readonly workDir: string;
  /** The folder the file source watches and empties; default `<dataset>/landing`. */
  readonly landing?: string;
}

/** A run's input, ready: where it is, and how to tell when the sources have taken it all in. */
export interface RunInput extends PipelineInput {
  /** The gold a correct pipeline makes of the input, when it is known. */
  readonly expectedGold: string | undefined;
  caughtUp(pipeline: RunningPipeline): boolean;
  record(event: PipelineEvent): void;
  /** A user's folder is checked with `validate` too: nothing else says what its gold must be. */
  readonly validate: boolean;
  /** Where the generated sales end: live orders go on from there. A user's data gets no invented orders. */
  readonly liveOrdersFrom: number | undefined;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The generated sample: its manifest counts every row, and its expected gold is known. */
export async function generatedInput(spec: PipelineRunSpec): Promise<RunInput> {
  await freshRunDir(spec);
  const dataset = path.join(spec.dir, 'dataset');
  console.log(`1/4 generating the sample dataset (scale ${count(spec.scale)}, seed ${spec.seed}) into ${dataset}`);
  await generateDataset({ out: dataset, scale: spec.scale, seed: spec.seed, untidy: true, force: false }, (event) => {
    if (event.kind === 'phase') console.log(`    ${event.phase}…`);
  });
  const manifest = JSON.parse(readFileSync(path.join(dataset, MANIFEST_PATH), 'utf8')) as Manifest;
  return {
    dataset,
    workDir: path.join(spec.dir, 'work'),
    expectedGold: path.join(dataset, 'expected', 'gold'),
    caughtUp: (pipeline) => manifestCaughtUp(pipeline.sources, manifest),
    record: () => {},
    validate: false,
    liveOrdersFrom: Date.parse(manifest.salesWindow.to),
  };
}

/** A folder of the user's own: checked before anything is written, its landing files copied, since the file source archives what it reads. */
export async function ownInput(spec: PipelineRunSpec, folder: string): Promise<RunInput> {
  const dataset = ownDataset(folder, spec.dir);
  await freshRunDir(spec);
  const workDir = path.join(spec.dir, 'work');
  console.log(`1/4 reading your dataset ${dataset.dir} (never written: the run works in ${spec.dir})`);
  for (const line of datasetLines(dataset)) console.log(line);
  const progress = new DatasetProgress(dataset);
  return {
    dataset: dataset.dir,
    workDir,
    landing: copyLanding(dataset, workDir),
    expectedGold: dataset.expectedGold,
    caughtUp: () => progress.caughtUp(),
    record: (event) => progress.record(event),
    validate: true,
    liveOrdersFrom: undefined,
  };
}

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
