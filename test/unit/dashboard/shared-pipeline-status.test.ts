import { describe, expect, it } from 'vitest';
import type { PipelineStatus } from '../../../dashboard/pipeline-status.ts';
import { sharedPipelineStatus } from '../../../dashboard/server/shared-pipeline-status.ts';

const STATUS: PipelineStatus = { mode: 'embedded', layers: [], deadLetters: [], lag: [], connectors: [], parts: [] };

describe('the shared pipeline status', () => {
  it('asks the provider once for the panels that ask together', async () => {
    let calls = 0;
    const shared = sharedPipelineStatus({ status: async () => ((calls += 1), STATUS) });
    const answers = await Promise.all([shared.status(), shared.status(), shared.status(), shared.status()]);
    expect(answers).toEqual([STATUS, STATUS, STATUS, STATUS]);
    expect(calls).toBe(1);
  });

  it('does not keep a failure: the next call asks again', async () => {
    let calls = 0;
    const shared = sharedPipelineStatus({
      status: async () => {
        calls += 1;
        if (calls === 1) throw new Error('topic scan failed');
        return STATUS;
      },
    });
    await expect(shared.status()).rejects.toThrow('topic scan failed');
    await expect(shared.status()).resolves.toEqual(STATUS);
    expect(calls).toBe(2);
  });
});
