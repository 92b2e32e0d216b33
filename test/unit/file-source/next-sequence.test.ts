import { describe, expect, it } from 'vitest';
import { nextSequenceAfter } from '../../../connectors/contract/source-checkpoints.ts';

describe('nextSequenceAfter (every source resumes its sequence from its checkpoints)', () => {
  it('is 1 with no checkpoint, else the highest next sequence', () => {
    expect(nextSequenceAfter([])).toBe(1);
    expect(nextSequenceAfter([{ nextSequence: 7 }, { nextSequence: 42 }, { nextSequence: 3 }])).toBe(42);
  });

  // Math.max(...spread) threw RangeError past about 125,000 arguments: a source with that many files or blobs could not start.
  it('takes more checkpoints than a call has room for arguments', () => {
    const checkpoints = Array.from({ length: 300_000 }, (_, i) => ({ nextSequence: i + 2 }));
    expect(nextSequenceAfter(checkpoints.values())).toBe(300_001);
  });
});
