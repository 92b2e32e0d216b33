import { join } from 'node:path';
import { applyDefect, type BadRow, chooseDefect } from './bad-rows.ts';
import { ChunkedWriter } from './chunked-writer.ts';
import { embeddedLineBreaks, sourceCsvField } from './csv-text.ts';
import type { EntityLedger, VersionOutcome } from './entity-ledger.ts';
import type { FileStyle, HeaderStyle } from './file-styles.ts';
import type { Rng } from './prng.ts';
import { fileColumns, RowRenderer } from './row-renderer.ts';
import type { SourceContract, SourceEntity, SourceRecord } from './source-contracts.ts';
import type { DateFormat } from './value-format.ts';

/** One source file as the manifest lists it. */
export interface SourceFileReport {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly entity: SourceEntity;
  /** Records, good and bad, without the header. */
  readonly rows: number;
  readonly bytes: number;
  readonly header: HeaderStyle;
  readonly bom: boolean;
  readonly lineEnding: 'lf' | 'crlf';
  readonly dates: DateFormat | 'mixed';
  readonly extraColumns: readonly string[];
  readonly missingColumns: readonly string[];
}

/** Writes one CSV source file row by row, feeding the entity's ledger and the bad-row list as it goes. */
export class SourceFileWriter {
  readonly #file: ChunkedWriter;
  readonly #renderer: RowRenderer;
  readonly #eol: string;
  /** The text of records that are repeated later in this file, so the repeat is an exact duplicate line. */
  readonly #kept = new Map<SourceRecord, string[]>();
  /** The physical line the next record starts on. */
  #line = 1;
  #rows = 0;
  #bad = 0;

  constructor(
    out: string,
    readonly path: string,
    readonly contract: SourceContract,
    readonly style: FileStyle,
    readonly rng: Rng | null,
    readonly ledger: EntityLedger,
    readonly badRows: BadRow[],
  ) {
    this.#file = new ChunkedWriter(join(out, path));
    this.#renderer = new RowRenderer(fileColumns(contract, style), style, rng);
    this.#eol = style.crlf ? '\r\n' : '\n';
    if (style.bom) this.#file.write('\uFEFF');
    if (style.header !== 'none') this.#write(this.#renderer.header());
  }

  /** Writes a good row; `keep` remembers its text for an exact repeat later in the file. */
  good(record: SourceRecord, keep = false): VersionOutcome {
    const fields = this.#kept.get(record) ?? this.#renderer.render(record);
    if (keep) this.#kept.set(record, fields);
    this.#rows++;
    this.#write(fields);
    return this.ledger.good(record);
  }

  /** Writes the record with exactly one defect (untidy output only). */
  bad(record: SourceRecord): void {
    if (this.rng === null) throw new RangeError('Bad rows belong to untidy output; this file is tidy.');
    const defect = chooseDefect(this.#renderer.columns, this.style, this.rng, this.ledger.counts.bad, this.#bad === 0);
    this.#bad++;
    const fields = applyDefect(this.#renderer.render(record), defect);
    this.badRows.push({ entity: this.contract.entity, file: this.path, line: this.#line, field: defect.field, rule: defect.rule, value: defect.text });
    this.#rows++;
    this.#write(fields);
    this.ledger.bad();
  }

  close(): SourceFileReport {
    const style = this.style;
    return {
      path: this.path,
      entity: this.contract.entity,
      rows: this.#rows,
      bytes: this.#file.close(),
      header: style.header,
      bom: style.bom,
      lineEnding: style.crlf ? 'crlf' : 'lf',
      dates: style.dates,
      extraColumns: style.extras.map((e) => e.header),
      missingColumns: style.missing,
    };
  }

  #write(fields: readonly string[]): void {
    this.#file.write(fields.map(sourceCsvField).join(',') + this.#eol);
    this.#line += 1 + embeddedLineBreaks(fields);
  }
}
