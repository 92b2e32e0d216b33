import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../stack/wait.ts';

const CLI = path.resolve(import.meta.dirname, '../../../cli/bin/medallion.cjs');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function medallion(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'medallion-stack-test-'));
  homes.push(home);
  return home;
}

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

function listen(): Promise<net.Server & { port: number }> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { port: (server.address() as net.AddressInfo).port })));
  });
}

describe('stack up on bad ground', () => {
  it('refuses a port another process holds, naming the service, the port and the fix, and starts nothing', async () => {
    const squatter = await listen();
    try {
      const home = freshHome();
      const run = await medallion(['stack', 'up', 'azurite'], { ...process.env, MEDALLION_HOME: home, MEDALLION_AZURITE_PORT: String(squatter.port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('azurite');
      expect(run.stderr).toContain(`port ${squatter.port}`);
      expect(run.stderr).toContain('fix:');
      expect(run.stderr).toContain('MEDALLION_');
      expect(readdirSync(path.join(home, 'run'))).toEqual([]);
    } finally {
      squatter.close();
    }
  });

  it('says Java is missing, with the fix, and leaves no process behind', async () => {
    const home = freshHome();
    // Free ports, so a stack already running on the defaults does not answer first.
    const [broker, controller] = await Promise.all([freePort(), freePort()]);
    // JAVA_HOME wins over PATH, so one that holds no Java stands for a machine without it.
    const env = { ...process.env, MEDALLION_HOME: home, MEDALLION_KAFKA_PORT: String(broker), MEDALLION_KAFKA_CONTROLLER_PORT: String(controller), JAVA_HOME: home };
    const run = await medallion(['stack', 'up', 'kafka'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kafka: no Java runtime found/);
    expect(run.stderr).toContain('fix: install a Java');
    expect(readdirSync(path.join(home, 'run'))).toEqual([]);
  });

  it('refuses a port override that is not a port', async () => {
    const run = await medallion(['stack', 'status'], { ...process.env, MEDALLION_HOME: freshHome(), MEDALLION_KAFKA_PORT: 'ninety' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MEDALLION_KAFKA_PORT="ninety" is not a port from 1024 to 65535');
  });
});
