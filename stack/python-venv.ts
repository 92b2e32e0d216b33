import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths.ts';
import { clearPrepared, isPrepared, markPrepared } from './prepared-marker.ts';
import { StackError } from './stack-error.ts';
import { which } from './which.ts';

/** The Python environments the project installs; each pins its packages in stack/python/<name>.txt. */
export const PYTHON_ENVS = ['spark', 'airflow'] as const;
export type PythonEnvName = (typeof PYTHON_ENVS)[number];

export interface PythonEnv {
  readonly name: PythonEnvName;
  /** The venv's folder: <MEDALLION_HOME>/venv/<name>. */
  readonly dir: string;
  /** Its `bin` folder (python, pip and the packages' commands: spark-submit, airflow). */
  readonly bin: string;
  readonly python: string;
}

export function requirementsFile(name: PythonEnvName): string {
  return path.join(PROJECT_ROOT, 'stack', 'python', `${name}.txt`);
}

/** Where the venv lives, installed or not. */
export function pythonEnvAt(home: string, name: PythonEnvName): PythonEnv {
  const dir = path.join(home, 'venv', name);
  const bin = path.join(dir, 'bin');
  return { name, dir, bin, python: path.join(bin, 'python') };
}

// The venv is current when it was made from exactly these pins.
function preparedKey(name: PythonEnvName): Record<string, string> {
  return { requirements: createHash('sha256').update(readFileSync(requirementsFile(name))).digest('hex') };
}

/** The venv, if it was installed from the current pins; undefined otherwise. */
export function pythonEnv(home: string, name: PythonEnvName): PythonEnv | undefined {
  const env = pythonEnvAt(home, name);
  return isPrepared(env.dir, preparedKey(name)) && existsSync(env.python) ? env : undefined;
}

/**
 * Makes <home>/venv/<name> from stack/python/<name>.txt with pip (PyPI), unless it is
 * there and current. pip's own cache (~/.cache/pip) makes a reinstall quick. `report`
 * gets one line per step; pip's output goes to <home>/logs/venv-<name>.log.
 */
export async function ensurePythonEnv(home: string, name: PythonEnvName, report: (message: string) => void): Promise<PythonEnv> {
  const ready = pythonEnv(home, name);
  if (ready !== undefined) return ready;
  const python3 = which('python3');
  const fix = 'install Python 3.10+ with venv and pip (apt-get install python3-venv python3-pip)';
  if (python3 === undefined) throw new StackError('missing-tool', `venv ${name}`, 'python3 is not on PATH', fix);
  const env = pythonEnvAt(home, name);
  const log = path.join(home, 'logs', `venv-${name}.log`);
  mkdirSync(path.dirname(log), { recursive: true });
  clearPrepared(env.dir);
  report(`creating the Python venv ${env.dir} (first run only)`);
  await runToLog(python3, ['-m', 'venv', env.dir], log, `venv ${name}`, fix);
  report(`installing ${path.relative(PROJECT_ROOT, requirementsFile(name))} into it from PyPI (a few minutes the first time; log: ${log})`);
  await runToLog(env.python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', requirementsFile(name)], log, `venv ${name}`, `read ${log}; check that PyPI is reachable`);
  markPrepared(env.dir, preparedKey(name));
  return env;
}

async function runToLog(command: string, args: readonly string[], log: string, service: string, fix: string): Promise<void> {
  const out = createWriteStream(log, { flags: 'a' });
  await new Promise<void>((resolve) => out.once('open', () => resolve()));
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(command, [...args], { stdio: ['ignore', out, out] });
      child.once('error', () => resolve(127));
      child.once('exit', (exit, signal) => resolve(exit ?? (signal === null ? 1 : 128)));
    });
    if (code !== 0) {
      const tail = readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
      throw new StackError('download-failed', service, `${command} ${args.join(' ')} exited ${code}:\n${tail}`, fix);
    }
  } finally {
    out.end();
  }
}
