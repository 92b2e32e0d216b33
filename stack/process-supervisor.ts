import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackContext } from './service.ts';
import { StackError } from './stack-error.ts';

export interface DaemonSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

function pidFile(ctx: StackContext, service: string): string {
  return path.join(ctx.dirs.run, `${service}.pid`);
}

export function logFile(ctx: StackContext, service: string): string {
  return path.join(ctx.dirs.logs, `${service}.log`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a running daemon started by `spawnDaemon`, or undefined. */
export function daemonPid(ctx: StackContext, service: string): number | undefined {
  const file = pidFile(ctx, service);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/**
 * Starts a long-running process (a stack service, or another daemon such as an
 * Airflow component) in its own process group, detached from this CLI,
 * output appended to the service's log, pid recorded so `stop` can end the group.
 */
export function spawnDaemon(ctx: StackContext, service: string, spec: DaemonSpec): number {
  mkdirSync(ctx.dirs.logs, { recursive: true });
  mkdirSync(ctx.dirs.run, { recursive: true });
  const log = openSync(logFile(ctx, service), 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) {
      throw new StackError('start-failed', service, `could not start ${spec.command}`, `check that ${spec.command} is installed and executable`);
    }
    child.unref();
    writeFileSync(pidFile(ctx, service), `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Ends the daemon's whole process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopDaemon(ctx: StackContext, service: string, graceMs = 15_000): Promise<void> {
  const pid = daemonPid(ctx, service);
  if (pid !== undefined) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  rmSync(pidFile(ctx, service), { force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** The last lines of a service's log, to show with a failure. */
export function logTail(ctx: StackContext, service: string, lines = 20): string {
  const file = logFile(ctx, service);
  if (!existsSync(file)) return '(no log yet)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
