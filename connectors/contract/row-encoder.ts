import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { Lineage, SourceKind } from '../../schemas/generated/bronze-types.ts';
import { bronzeKey } from '../../schemas/record-serde.ts';
import type { OutgoingRecord } from '../../transport/transport.ts';
import { deadLetterRecord, type Refusal } from './dead-letters.ts';
import { entityColumns, type TabularEntity } from './entity-columns.ts';
import { layoutOf, type RowLayout } from './header-mapping.ts';
import { rowToRecord } from './row-to-record.ts';
import type { SourceSerde } from './source-serde.ts';
import type { SourceTopics } from './source-topics.ts';

/** One row of a source document: its cells, its number there (a line, a table row) and its bytes as they arrived. */
export interface SourceRow {
  readonly cells: readonly string[];
  readonly line: number;
  readonly raw: Buffer;
}

/** A row the contract refused, as sources report it in their events. */
export interface RejectedRow extends Refusal {
  readonly line: number;
}

/** The document the rows come from: its lineage, and how a row's number reads as a source_position. */
export interface RowOrigin {
  readonly kind: SourceKind;
  readonly uri: string;
  position(line: number): string;
}

/**
 * Turns the rows of one document (a CSV file or blob, a table) into encoded
 * bronze records and dead letters by the entity's contract: header mapping,
 * typing, extras and lineage (row-to-record.ts), a dead letter with the reason
 * for each row that breaks it. Good rows take consecutive source_sequence
 * numbers from `sequence`. Without a layout, the first row decides whether the
 * document has a header.
 */
export class RowEncoder {
  readonly out: OutgoingRecord[] = [];
  readonly rejected: RejectedRow[] = [];
  rowsRead = 0;
  /** Rows left unread because the document's header does not name its key (one dead letter says so). */
  rowsSkipped = 0;
  /** Columns no contract field matches, when this encoder found the layout: reported once per document. */
  ignoredColumns: readonly string[] = [];
  private readonly ingestedAt = new Date();

  constructor(
    private readonly serde: SourceSerde,
    private readonly topics: SourceTopics,
    private readonly entity: TabularEntity,
    private readonly origin: RowOrigin,
    public layout: RowLayout | null,
    public sequence: number,
  ) {}

  async add(row: SourceRow): Promise<void> {
    if (this.layout === null) {
      this.layout = layoutOf(row.cells, entityColumns(this.entity), bronzeContract(this.entity).keyField);
      this.ignoredColumns = this.layout.extras.map((e) => e.name);
      if (this.layout.unmatched !== null) {
        return this.reject(row.line, { rule: 'unmatched-header', field: null, value: row.cells.join(','), detail: this.layout.unmatched }, row.raw);
      }
      if (this.layout.header !== null) return;
    }
    if (this.layout.unmatched !== null) {
      this.rowsSkipped++;
      return;
    }
    const lineage: Lineage = {
      source_kind: this.origin.kind,
      source_uri: this.origin.uri,
      source_position: this.origin.position(row.line),
      source_sequence: this.sequence,
      ingested_at: this.ingestedAt,
    };
    const outcome = rowToRecord(this.layout, row.cells, lineage);
    if (outcome.kind === 'rejected') return this.reject(row.line, outcome, row.raw);
    this.rowsRead++;
    this.out.push({ topic: this.topics.bronze(this.entity), key: bronzeKey(this.entity, outcome.record), value: await this.serde.bronze.serialize(this.entity, outcome.record) });
    this.sequence++;
  }

  /** A row (or what is left of a document) refused as a whole. */
  async reject(line: number, refusal: Refusal, raw: Buffer): Promise<void> {
    this.rowsRead++;
    const { rule, field, value, detail } = refusal;
    const rejected: RejectedRow = detail === undefined ? { line, rule, field, value } : { line, rule, field, value, detail };
    this.rejected.push(rejected);
    const input = { ...rejected, uri: this.origin.uri, position: this.origin.position(line), raw };
    this.out.push(await deadLetterRecord(this.serde, this.topics, this.entity, input, this.ingestedAt));
  }
}
