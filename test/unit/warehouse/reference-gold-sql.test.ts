import { describe, expect, it } from 'vitest';
import { referenceGoldSql } from '../../../checks/validate/reference-gold.ts';

describe('the reference gold SQL renamed for validate', () => {
  const sql = referenceGoldSql('silver', 'validate_1234');

  it('reads the given schema instead of clean', () => {
    expect(sql).not.toMatch(/\bclean\./);
    expect(sql).toContain('FROM "silver".sales s');
  });

  it('writes the scratch schema instead of reference', () => {
    expect(sql).not.toMatch(/\breference\b/);
    expect(sql).toContain('DROP SCHEMA IF EXISTS "validate_1234" CASCADE;');
    expect(sql).toContain('CREATE TABLE "validate_1234".fact_sales AS');
  });
});
