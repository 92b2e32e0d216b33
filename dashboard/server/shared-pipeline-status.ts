import type { PipelineStatus, PipelineStatusProvider } from '../pipeline-status.ts';

/** A status this young is good enough: the Pipeline page refreshes on every gold change, which can be twice a second. */
const FRESH_FOR_MS = 2000;

/**
 * One status() call for the several panels of a Pipeline page refresh (and for
 * every browser on it): concurrent callers share the call in flight, and a
 * result is reused while it is younger than FRESH_FOR_MS. A failure is not kept.
 */
export function sharedPipelineStatus(provider: PipelineStatusProvider): PipelineStatusProvider {
  let latest: { at: number; status: Promise<PipelineStatus> } | undefined;
  return {
    status() {
      const now = Date.now();
      if (latest === undefined || now - latest.at > FRESH_FOR_MS) {
        const entry = { at: now, status: provider.status() };
        latest = entry;
        entry.status.catch(() => {
          if (latest === entry) latest = undefined;
        });
      }
      return latest.status;
    },
  };
}
