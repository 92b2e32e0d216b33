import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The project's folders as the pipeline reads, lowest first. A file may import
 * from its own folder and from the folders listed before it; an import of a
 * folder listed after it runs back up the layers.
 */
const LAYERS = [
  'core', // errors, retries, text tables: imports nothing of the project
  'config', // where each system is, and the local stack's defaults (ports, home, endpoints, secrets)
  'schemas/generated', // the contracts' TypeScript types, generated from the .avsc files; before schemas/ so the catalog can name them
  'catalog', // the entities and gold tables, declared once; every list of them derives from here
  'schemas', // the Avro contracts
  'transport', // Kafka and the in-process log behind one interface
  'connect-config', // Kafka Connect connector configs as code
  'stack', // the local stack's launcher, started from config/'s defaults
  'warehouse', // migrations, the sink, BI files
  'connectors', // the TypeScript sources
  'processors', // silver and gold, their runtime, the CDC adapter
  'generator', // the sample dataset, its expected gold, the demo's carts server
  'checks', // reconciliation, expected gold, validate
  'trace', // a gold row back to its sources
  'dashboard', // the web dashboard, and the provider interfaces it is given (trace, topics, pipeline status)
  'pipeline', // both modes' wiring
  'topics', // the topics browser (a dashboard topic browser over the pipeline's topics)
  'orchestration', // Airflow
  'audit', // the Spark audit
  'cli', // the medallion command
  'chaos', // npm run chaos: the split deployment's processes under seeded faults
  'bench', // benchmarks
  'test', // tests may import anything; nothing imports them
] as const;
type Layer = (typeof LAYERS)[number];
/** The layers at the bottom, which import nothing of the project. */
const IMPORTS_NOTHING: ReadonlySet<Layer> = new Set(['core', 'schemas/generated']);

/** Imports that still run back up, named file to file: each is to be removed, never added to. */
const KNOWN_BACK_ARROWS: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [
  { from: 'config/ports.ts', to: 'stack/stack-error.ts', why: 'a bad MEDALLION_*_PORT throws the StackError it always did; ConfigError would change the message' },
  { from: 'config/stack-secrets.ts', to: 'stack/stack-error.ts', why: 'a damaged secrets.json throws the StackError it always did' },
  { from: 'trace/gold-tracer.ts', to: 'dashboard/trace-provider.ts', why: 'the tracer is typed as the TraceProvider interface the dashboard is given' },
];

const SKIPPED_DIRS = new Set(['node_modules', 'data', 'test-results']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.[cm]?tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface Arrow {
  readonly from: string;
  readonly to: string;
}

/** Every relative import (static, type-only, dynamic, require) of every TypeScript file in a folder, as root-relative paths. */
function projectArrows(): Arrow[] {
  const files = readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name))
    .flatMap((entry) => sourceFiles(path.join(ROOT, entry.name)));
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
      .map((specifier) => ({
        from: path.relative(ROOT, file).split(path.sep).join('/'),
        to: path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/'),
      })),
  );
}

const layerOf = (file: string): Layer | undefined => LAYERS.find((layer) => file.startsWith(`${layer}/`));
const runsBackUp = (arrow: Arrow): boolean => LAYERS.indexOf(layerOf(arrow.from)!) < LAYERS.indexOf(layerOf(arrow.to)!);
const isKnown = (arrow: Arrow): boolean => KNOWN_BACK_ARROWS.some((known) => known.from === arrow.from && known.to === arrow.to);

describe('import layers', () => {
  const arrows = projectArrows();

  it('reads the imports of every layer', () => {
    const seen = new Set(arrows.map((arrow) => layerOf(arrow.from)));
    expect(LAYERS.filter((layer) => !IMPORTS_NOTHING.has(layer) && !seen.has(layer))).toEqual([]);
  });

  it('places every folder that holds TypeScript in a layer', () => {
    const outside = [...new Set(arrows.flatMap((arrow) => [arrow.from, arrow.to]).filter((file) => file.includes('/') && layerOf(file) === undefined))];
    expect(outside, 'a new top-level folder: give it its place in LAYERS (test/unit/import-layers.test.ts)').toEqual([]);
  });

  it('has no import that runs back up the layers', () => {
    const backArrows = arrows
      .filter((arrow) => layerOf(arrow.from) !== undefined && layerOf(arrow.to) !== undefined && runsBackUp(arrow) && !isKnown(arrow))
      .map((arrow) => `${arrow.from} → ${arrow.to}: ${layerOf(arrow.from)}/ comes before ${layerOf(arrow.to)}/ in LAYERS; move the shared code down, or have the higher layer pass it in`);
    expect(backArrows).toEqual([]);
  });

  it('lists only back arrows that still exist', () => {
    const stale = KNOWN_BACK_ARROWS.filter((known) => !arrows.some((arrow) => arrow.from === known.from && arrow.to === known.to));
    expect(stale, 'a known back arrow is gone: remove it from KNOWN_BACK_ARROWS').toEqual([]);
  });
});
