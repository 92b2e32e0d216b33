import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../config/paths.ts';

/** A `medallion` command running as a user runs it, its output collected as it comes. */
export interface CliRun {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

/**
 * Starts `medallion <command> <args>` from the project root: through the npm
 * script of that name as the README says (`npm run demo -- …`), or the CLI
 * itself when the test signals it (npm would die of the signal itself).
 */
export function runCli([name, ...args]: readonly [string, ...string[]], via: 'npm' | 'cli' = 'cli', env: NodeJS.ProcessEnv = {}): CliRun {
  const [command, argv] = via === 'npm' ? ['npm', ['run', '--silent', name, '--', ...args]] : [process.execPath, ['cli/bin/medallion.cjs', name, ...args]];
  const child = spawn(command, argv, { cwd: PROJECT_ROOT, env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: CliRun = { child, output: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  return run;
}

/** The rest of the first output line that starts with `prefix`, once it is there; throws when the run ends or the time is up first. */
export async function outputLine(run: CliRun, prefix: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = run.output.split('\n').find((l) => l.startsWith(prefix));
    if (line !== undefined) return line.slice(prefix.length).trim();
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`no "${prefix}" line in the output:\n${run.output}`);
    await sleep(200);
  }
}
