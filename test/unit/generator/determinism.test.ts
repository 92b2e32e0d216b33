import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, generateInTemp, listFiles, treeHash } from './datasets.ts';

describe('generate is deterministic', () => {
  let first: Dataset;
  let again: Dataset;
  let otherSeed: Dataset;

  beforeAll(async () => {
    first = await generateInTemp(7, true);
    again = await generateInTemp(7, true);
    otherSeed = await generateInTemp(8, true);
  }, 120_000);
  afterAll(() => [first, again, otherSeed].forEach((d) => d?.remove()));

  it('writes byte-identical trees for the same seed, scale and tidiness (into different directories)', () => {
    expect(listFiles(again.dir)).toEqual(listFiles(first.dir));
    expect(treeHash(again.dir)).toBe(treeHash(first.dir));
  });

  it('writes a different dataset for another seed', () => {
    expect(treeHash(otherSeed.dir, 'landing')).not.toBe(treeHash(first.dir, 'landing'));
    expect(treeHash(otherSeed.dir, 'expected/clean')).not.toBe(treeHash(first.dir, 'expected/clean'));
  });
});
