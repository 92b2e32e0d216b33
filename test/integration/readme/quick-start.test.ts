import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, stackHome } from '../../../config/paths.ts';

/*
 * The README's quick start as a new user runs it, in its order, in one fresh clone:
 * `npm install && npm run demo`, then `npm test`. The second command is narrowed to a
 * quick subset of the tests here (the whole suite is what CI runs around this test),
 * but it runs the same way: installing what the tests need on top of what the first
 * command left, type checking and linting the whole clone.
 */

interface Finished {
  readonly code: number | null;
  readonly output: string;
}

/** A fresh machine's environment: none of this session's medallion settings, and no CKJS_LINKING, as a user's shell has none. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MEDALLION_') && name !== 'CKJS_LINKING' && !name.startsWith('npm_') && name !== 'VITEST' && !name.startsWith('VITEST_')));
  return { ...env, FORCE_COLOR: '0', CI: 'true' };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const child = spawn(command, [...args], { cwd, env: { ...userEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const clientLoads = async (cwd: string): Promise<boolean> => (await run(process.execPath, ['-e', "require('@confluentinc/kafka-javascript')"], cwd)).code === 0;

const root = mkdtempSync(path.join(os.tmpdir(), 'medallion-quick-start-'));
// mkdtemp makes it private; the demo's PostgreSQL runs as its own account when tests run as root.
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the README's two commands, in order, in one fresh clone", () => {
  it('npm install && npm run demo, then npm test, pass', { timeout: 30 * 60_000 }, async () => {
    const clone = path.join(root, 'medallion');
    const cloned = await run('git', ['clone', '--quiet', PROJECT_ROOT, clone], root);
    expect(cloned.code, cloned.output).toBe(0);

    const install = await run('npm', ['install', '--no-audit', '--no-fund'], clone);
    expect(install.code, install.output).toBe(0);
    // Without librdkafka's build settings npm may leave the optional Kafka client out; the
    // type check and the demo must not care, and npm test must put it back.
    const droppedByInstall = !(await clientLoads(clone));
    const typecheck = await run('npm', ['run', 'typecheck'], clone);
    expect(typecheck.code, typecheck.output).toBe(0);

    const demo = await run('npm', ['run', 'demo', '--', '--once', '--scale', '2000', '--port', '0'], clone);
    expect(demo.output, demo.output).toContain("✔ the warehouse's gold equals the expected gold");
    expect(demo.code, demo.output).toBe(0);

    // The Python venvs npm test installs are this run's own, reused (a cache, as on a developer's machine).
    const test = await run('npm', ['test', '--', '--project', 'unit', 'test/unit/schemas'], clone, { MEDALLION_HOME: stackHome() });
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/^tests: [1-9]\d* passed, 0 failed, 0 skipped/m);
    if (droppedByInstall) expect(test.output).toContain('building @confluentinc/kafka-javascript from source');
    expect(await clientLoads(clone)).toBe(true);
  });
});
