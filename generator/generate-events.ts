import type { Manifest } from './manifest.ts';

export const GENERATE_PHASES = ['dimensions', 'sales', 'carts', 'gold'] as const;
export type GeneratePhase = (typeof GENERATE_PHASES)[number];

/** What `generateDataset` reports while it works; the CLI prints these, tests may collect them. */
export type GenerateEvent =
  | { readonly kind: 'phase'; readonly phase: GeneratePhase }
  | { readonly kind: 'file-written'; readonly path: string; readonly rows: number; readonly bytes: number }
  | { readonly kind: 'done'; readonly dir: string; readonly manifest: Manifest };
