import type { BadRow } from './bad-rows.ts';
import type { EntityLedger } from './entity-ledger.ts';
import type { Rng } from './prng.ts';
import type { SourceFileReport } from './source-file-writer.ts';

/** What writing one entity's source files needs: where, how untidy, and where to report. */
export interface SourceOutput {
  readonly out: string;
  /** The entity's untidy stream; null writes tidy files. */
  readonly rng: Rng | null;
  readonly ledger: EntityLedger;
  readonly badRows: BadRow[];
  readonly onFile: (report: SourceFileReport) => void;
}

export const fileNumber = (index: number): string => String(index + 1).padStart(4, '0');
