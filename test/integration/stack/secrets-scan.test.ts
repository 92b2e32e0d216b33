import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_PANELS } from '../../../dashboard/api-types.ts';
import { stopStackPipeline } from '../../../pipeline/stack-run-lock.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { stackHome } from '../../../config/paths.ts';
import { secretsFile } from '../../../config/stack-secrets.ts';
import { describeFindings, filesUnder, findSecrets, findSecretsInFiles, type Finding, type Secret } from '../../secret-scan.ts';
import { outputLine, runCli, type CliRun } from '../cli-run.ts';

// `medallion up` on the local stack with its generated passwords, then every place a password could leak to, scanned for them.
const home = stackHome();
const endpoints = stackEndpoints();
const { postgres, mariadb } = endpoints;
const secrets: Secret[] = [
  { login: 'postgres admin', value: postgres.admin.password },
  { login: 'postgres owner', value: postgres.owner.password },
  { login: 'postgres writer', value: postgres.writer.password },
  { login: 'postgres bi', value: postgres.bi.password },
  { login: 'postgres audit', value: postgres.audit.password },
  { login: 'mariadb root', value: mariadb.root.password },
  { login: 'mariadb cdc', value: mariadb.cdc.password },
];
const users = [postgres.admin, postgres.owner, postgres.writer, postgres.bi, postgres.audit, mariadb.root, mariadb.cdc].map((l) => l.user);

const runs: CliRun[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-secrets-scan-'));
chmodSync(dir, 0o755);

afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGTERM');
  await Promise.all(runs.map((run) => run.exited));
  rmSync(dir, { recursive: true, force: true });
});

/** A medallion command run to its end; its output (stdout and stderr) is one of the places scanned. */
async function medallion(args: readonly [string, ...string[]]): Promise<CliRun> {
  const run = runCli(args);
  runs.push(run);
  await run.exited;
  return run;
}

/** The server-sent events the dashboard streams during `ms`. */
async function eventStream(url: string, ms: number): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return text;
}

/** Fails on a home set up before passwords were generated, whose passwords are the user names, found everywhere. */
function expectGenerated(): void {
  const legacy = secrets.filter((s) => s.value.length < 24 || users.some((user) => s.value.includes(user) || user.includes(s.value)));
  expect(
    legacy.map((s) => s.login),
    `${home} holds passwords set up before they were generated (equal to user names, see config/stack-secrets.ts): a scan cannot tell a leak from a name; run this test on a new home (stop the stack, delete ${path.join(home, 'data')} and ${secretsFile(home)}, stack up)`,
  ).toEqual([]);
}

describe("the stack's passwords", () => {
  it('are its own generated ones, so a scan can tell a leak from a name', () => {
    expectGenerated();
    expect(new Set(secrets.map((s) => s.value)).size).toBe(secrets.length);
  });

  it("appear in no CLI output, event stream, dashboard panel, connector status or config, log or other file of the stack's home or the run after medallion up", async () => {
    expectGenerated();
    const places: { place: string; text: string }[] = [];
    const up = runCli(['up', '--scale', '500', '--seed', '5', '--port', '0', '--dir', path.join(dir, 'run')]);
    runs.push(up);
    try {
      const dashboard = await outputLine(up, 'dashboard:', 600_000);
      await outputLine(up, 'warehouse:', 10_000);

      places.push({ place: `${dashboard}/api/events`, text: await eventStream(`${dashboard}/api/events`, 5000) });
      for (const panel of PAGE_PANELS.pipeline) {
        const url = `${dashboard}/api/panel/pipeline/${panel}`;
        places.push({ place: url, text: await (await fetch(url)).text() });
      }
      const connect = `${endpoints.connect.url}/connectors?expand=status&expand=info`;
      const connectors = await (await fetch(connect)).text();
      expect(connectors).toContain('warehouse-gold-sink');
      places.push({ place: connect, text: connectors });
      for (const args of [['stack', 'status'], ['connectors', 'status'], ['validate']] as const) {
        const run = await medallion(args);
        places.push({ place: `medallion ${args.join(' ')}`, text: run.output });
      }
    } finally {
      await stopStackPipeline(60_000);
      await up.exited;
    }
    places.push({ place: 'medallion up', text: up.output });
    expect(up.output).toContain("✔ the warehouse's gold equals the expected gold");

    const findings: Finding[] = places.flatMap(({ place, text }) => findSecrets(place, text, secrets));
    // Everything under the home (logs, Airflow's logs, Kafka's and the databases' data, pid files) but the secrets file itself and the downloads.
    const skipped = new Set([secretsFile(home), ...['lib', 'ivy', 'venv'].map((name) => path.join(home, name))]);
    const files = [...filesUnder(home, (file) => skipped.has(file)), ...filesUnder(dir)];
    expect(files).toContain(path.join(home, 'logs', 'connect.log'));
    expect(files).toContain(path.join(home, 'logs', 'postgres.log'));
    findings.push(...findSecretsInFiles(files, secrets));
    expect(findings, describeFindings(findings)).toEqual([]);
  }, 900_000);
});
