import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import type { DaemonSpec } from './process-supervisor.ts';
import { logFile } from './process-supervisor.ts';
import type { StackContext } from './service.ts';

/**
 * Runs a one-shot command (an installer, an initdb) to its end, output appended
 * to the service's log so a failure can show it. Resolves with the exit code
 * (127 when the command cannot be started).
 */
export async function runLogged(ctx: StackContext, service: string, spec: DaemonSpec): Promise<number> {
  mkdirSync(ctx.dirs.logs, { recursive: true });
  const log = openSync(logFile(ctx, service), 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
    });
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        appendFileSync(logFile(ctx, service), `${spec.command}: ${error.message}\n`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
    });
  } finally {
    closeSync(log);
  }
}
