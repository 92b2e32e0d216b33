import { describe, expect, it } from 'vitest';
import { readSchemaFile, type RecordSchema } from '../../../schemas/bronze-contracts.ts';
import { explainBackwardIncompatibility } from '../../../schemas/compatibility.ts';

const countries = readSchemaFile('countries');
const withFields = (fields: RecordSchema['fields']): RecordSchema => ({ ...countries, fields });

describe('backward compatibility explanations', () => {
  it('accepts the same schema and an optional new field', () => {
    expect(explainBackwardIncompatibility(countries, countries)).toEqual([]);
    const added = withFields([...countries.fields, { name: 'region', type: ['null', 'string'], default: null }]);
    expect(explainBackwardIncompatibility(countries, added)).toEqual([]);
  });

  it('names a new field without a default', () => {
    const added = withFields([...countries.fields, { name: 'region', type: 'string' }]);
    const problems = explainBackwardIncompatibility(countries, added);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("'region'");
    expect(problems[0]).toContain('no default');
  });

  it('names a field whose type cannot be promoted, and accepts one that can', () => {
    const narrowed = withFields(countries.fields.map((f) => (f.name === 'country_name' ? { ...f, type: 'int' } : f)));
    expect(explainBackwardIncompatibility(countries, narrowed)).toEqual([expect.stringContaining("'country_name' changed type")]);
    const widened = withFields(countries.fields.map((f) => (f.name === 'country_id' ? { ...f, type: 'long' } : f)));
    expect(explainBackwardIncompatibility(countries, widened)).toEqual([]);
  });
});
