import { rngStream } from '../generator/prng.ts';

/** The pipeline's own processes, as the split deployment runs them: each one a CLI command. */
export const PROCESS_KINDS = ['file-source', 'sources', 'cdc', 'silver', 'gold', 'sink'] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

/** Every fault the run injects, one kind each. */
export const FAULT_KINDS = [
  ...PROCESS_KINDS.map((kind) => `kill-${kind}` as const),
  'kill-connect',
  'kill-broker',
  'zombie',
  'postgres-outage',
  'mariadb-restart',
  'registry-restart',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly kind: FaultKind;
  /** Pause since the previous fault ended. */
  readonly afterMs: number;
  /** How long the victim stays down (or, for a zombie, stopped) before it is brought back. */
  readonly downMs: number;
}

export interface ScheduleOptions {
  readonly faults: number;
  readonly seed: number;
  /** Multiplies PostgreSQL's outage of 30–60 s: below 1 for a short run. */
  readonly outageScale: number;
}

// Kept seconds apart so the pipeline does some work between faults, and short so a run stays short.
const GAP_MS = [1_000, 4_000] as const;
const RESTART_MS = [1_000, 5_000] as const;
const ZOMBIE_MS = [3_000, 10_000] as const;
const POSTGRES_OUTAGE_MS = [30_000, 60_000] as const;

function downRange(kind: FaultKind, outageScale: number): readonly [number, number] {
  if (kind === 'zombie') return ZOMBIE_MS;
  if (kind === 'postgres-outage') return [Math.round(POSTGRES_OUTAGE_MS[0] * outageScale), Math.round(POSTGRES_OUTAGE_MS[1] * outageScale)];
  return RESTART_MS;
}

/**
 * The faults of a run, the same for the same options: every kind once in a
 * seeded order when there are at least as many faults as kinds, then kinds drawn at random.
 */
export function faultSchedule(options: ScheduleOptions): Fault[] {
  const rng = rngStream(options.seed, 'chaos');
  const kinds: FaultKind[] = options.faults >= FAULT_KINDS.length ? rng.shuffled(FAULT_KINDS) : [];
  while (kinds.length < options.faults) kinds.push(rng.pick(FAULT_KINDS));
  return kinds.map((kind) => {
    const [low, high] = downRange(kind, options.outageScale);
    return { kind, afterMs: rng.int(GAP_MS[0], GAP_MS[1]), downMs: rng.int(low, high) };
  });
}

/** Faults counted per kind, every kind named, for the figures line. */
export function countByKind(kinds: readonly FaultKind[]): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  for (const kind of kinds) counts[kind] += 1;
  return counts;
}
