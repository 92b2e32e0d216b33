import type { Client } from '@confluentinc/schemaregistry';
import type pg from 'pg';
import { goldMatches, tableMatches, type GoldTableDifference } from '../checks/expected-gold.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../schemas/bronze-contracts.ts';
import { bronzeSerde } from '../schemas/record-serde.ts';
import type { Transport } from '../transport/transport.ts';
import type { FaultKind, ProcessKind } from './schedule.ts';

export interface ChaosVerdict {
  readonly faults: Record<FaultKind, number>;
  readonly tables: number;
  readonly tablesEqual: number;
  readonly missing: number;
  readonly unexpected: number;
  /** Bronze records whose lineage (source, position and sequence in it) another record of the entity has too. */
  readonly bronzeDuplicates: number;
  /** gold.fact_sales rows whose sale_id another row has too. */
  readonly factSalesDuplicates: number;
  /** The processes that exited by themselves (and were restarted by the harness), once per exit. */
  readonly selfExits: readonly ProcessKind[];
  readonly wallMs: number;
  readonly differences: readonly GoldTableDifference[];
}

export interface GoldFigures {
  readonly tables: number;
  readonly tablesEqual: number;
  readonly missing: number;
  readonly unexpected: number;
}

export function goldFigures(differences: readonly GoldTableDifference[]): GoldFigures {
  return {
    tables: differences.length,
    tablesEqual: differences.filter(tableMatches).length,
    missing: differences.reduce((sum, d) => sum + d.missing, 0),
    unexpected: differences.reduce((sum, d) => sum + d.unexpected, 0),
  };
}

/** Records of every bronze topic that repeat another's lineage: a row of a source landed twice. */
export async function bronzeDuplicates(transport: Transport, registry: Client): Promise<number> {
  const serde = bronzeSerde(registry);
  const existing = new Set(await transport.topicNames());
  let duplicates = 0;
  for (const entity of BRONZE_ENTITIES) {
    const { topic } = bronzeContract(entity);
    if (!existing.has(topic)) continue;
    const seen = new Set<string>();
    await transport.readAll(topic, async (batch) => {
      for (const record of batch) {
        if (record.value === null) continue;
        const { lineage } = await serde.deserialize(entity, record.value);
        // A change event's position is its snapshot's or transaction's, shared by its rows: the sequence tells them apart.
        const key = `${lineage.source_uri}\0${lineage.source_position}\0${lineage.source_sequence}`;
        if (seen.has(key)) duplicates += 1;
        else seen.add(key);
      }
    });
  }
  return duplicates;
}

export async function factSalesDuplicates(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*) - count(DISTINCT sale_id) AS n FROM gold.fact_sales');
  return Number(rows[0]?.n ?? 0);
}

export function verdictHolds(v: ChaosVerdict): boolean {
  return goldMatches(v.differences) && v.bronzeDuplicates === 0 && v.factSalesDuplicates === 0;
}

const seconds = (ms: number): string => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

function selfExits(kinds: readonly ProcessKind[]): string {
  const counts = new Map<ProcessKind, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return kinds.length === 0 ? '0' : `${kinds.length} (${[...counts].map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

/** The run in one line of figures. */
export function figuresLine(v: ChaosVerdict): string {
  const total = Object.values(v.faults).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(v.faults).map(([kind, n]) => `${kind} ${n}`).join(', ');
  return `chaos: ${total} faults (${kinds}) · gold tables equal ${v.tablesEqual}/${v.tables} · missing ${v.missing} · unexpected ${v.unexpected} · duplicates ${v.bronzeDuplicates + v.factSalesDuplicates} (bronze ${v.bronzeDuplicates}, fact_sales ${v.factSalesDuplicates}) · self-exits ${selfExits(v.selfExits)} · wall ${seconds(v.wallMs)}`;
}
