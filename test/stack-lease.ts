import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stackDirs } from '../config/paths.ts';
import { isAlive } from '../stack/process-supervisor.ts';

/**
 * Test runs share the local stack, and two can run at once (a single file beside
 * a full run). Each suite's setup holds a lease while its run lasts, so that a
 * run which started the stack does not stop it under another one still testing.
 * Returns the release: it drops the lease and gives the other runs' process ids
 * that still hold one (leases of this process, another project of the same
 * vitest run, do not count; leases of dead processes are swept away).
 */
export function leaseStack(): () => number[] {
  const dir = path.join(stackDirs().run, 'test-leases');
  mkdirSync(dir, { recursive: true });
  const lease = path.join(dir, `${process.pid}-${randomUUID()}`);
  writeFileSync(lease, '');
  return () => {
    rmSync(lease, { force: true });
    const others = new Set<number>();
    for (const name of readdirSync(dir)) {
      const pid = Number(name.split('-')[0]);
      if (pid === process.pid) continue;
      if (isAlive(pid)) others.add(pid);
      else rmSync(path.join(dir, name), { force: true });
    }
    return [...others];
  };
}

/** Whether a run that started the stack may stop it now: not when told to keep it, nor while other runs hold leases (it says so then). */
export function mayStopStack(others: readonly number[], what: string): boolean {
  if (process.env.MEDALLION_KEEP_STACK === '1') return false;
  if (others.length === 0) return true;
  console.log(`[stack] ${what} left running: test run(s) ${others.join(', ')} still use it; \`medallion stack down\` stops it`);
  return false;
}
