import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackDirs, stackHome } from '../config/paths.ts';
import { isAlive } from '../stack/process-supervisor.ts';
import { PipelineError } from './pipeline-error.ts';

/** Where `medallion up` records its process, beside the stack's own pid files, for `medallion down` to find it. */
function pidFile(): string {
  return path.join(stackDirs(stackHome()).run, 'pipeline.pid');
}

/** The pid of a running `medallion up`, or undefined. */
export function runningStackPipeline(): number | undefined {
  const file = pidFile();
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * Records this process as the stack's pipeline; refused while another one runs,
 * since a second run would clear the first one's topics under it. Returns the release.
 */
export function claimStackPipeline(): () => void {
  const other = runningStackPipeline();
  if (other !== undefined) {
    throw new PipelineError('already-running', `medallion up is already running on this stack (pid ${other})`, 'stop it first (Ctrl-C in its terminal, or medallion down), then run medallion up again');
  }
  const file = pidFile();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
}

/** Asks a running `medallion up` to stop (SIGTERM: it finishes its batches and closes) and waits until it has; returns its pid, or undefined when none ran. */
export async function stopStackPipeline(timeoutMs: number): Promise<number | undefined> {
  const pid = runningStackPipeline();
  if (pid === undefined) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new PipelineError('stop-timeout', `medallion up (pid ${pid}) did not stop within ${timeoutMs / 1000}s of SIGTERM`, `stop it with kill ${pid} (or kill -9 ${pid}), then run medallion down again`);
    }
    await sleep(200);
  }
  // A process killed before it could remove its record leaves it behind.
  if (existsSync(pidFile()) && readFileSync(pidFile(), 'utf8').trim() === String(pid)) rmSync(pidFile(), { force: true });
  return pid;
}
