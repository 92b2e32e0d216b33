import avro from 'avsc';
import type { FieldSchema, RecordSchema } from './bronze-contracts.ts';
import { LOGICAL_TYPES } from './avro/logical-types.ts';

/**
 * Why `reader` cannot read data written with `writer` (Avro's BACKWARD rule), one
 * line per field, so a refused registration names the field that broke it.
 * The registry is what enforces the rule; this only explains it.
 */
export function explainBackwardIncompatibility(writer: RecordSchema, reader: RecordSchema): string[] {
  const problems: string[] = [];
  for (const field of reader.fields) {
    const written = writer.fields.find((w) => w.name === field.name || (field.aliases ?? []).includes(w.name));
    if (written === undefined) {
      if (!('default' in field)) problems.push(`field '${field.name}' is new and has no default, so records written before it cannot be read (give it a default, e.g. make it ["null", …] with "default": null)`);
      continue;
    }
    if (!canRead(field, written)) {
      problems.push(`field '${field.name}' changed type from ${JSON.stringify(written.type)} to ${JSON.stringify(field.type)}, which Avro cannot promote (keep the old type, or add a new field with a default)`);
    }
  }
  return problems;
}

function canRead(reader: FieldSchema, writer: FieldSchema): boolean {
  // Named types inside the field need their enclosing namespace resolved; wrapping both in one-field records does that.
  const wrap = (f: FieldSchema) => avro.Type.forSchema({ type: 'record', name: 'Probe', fields: [{ name: 'v', type: f.type }] } as avro.Schema, { logicalTypes: LOGICAL_TYPES });
  try {
    wrap(reader).createResolver(wrap(writer));
    return true;
  } catch {
    return false;
  }
}
