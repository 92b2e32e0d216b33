import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import type { DaemonSpec } from './process-supervisor.ts';
import { runLogged } from './run-logged.ts';
import type { ServiceName, StackContext } from './service.ts';
import { StackError } from './stack-error.ts';

/** An unprivileged account a server runs as when the stack itself runs as root. */
export interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

function lookup(name: string): SystemUser | undefined {
  try {
    // getent, not /etc/passwd, so accounts from any NSS source count.
    const fields = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim().split(':');
    return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

/**
 * The account a server must run as: undefined when the stack does not run as
 * root (the server then runs as the caller); otherwise `name`, created as a
 * system user with its own group if the machine has none by that name.
 */
export async function serverUser(ctx: StackContext, service: ServiceName, name: string): Promise<SystemUser | undefined> {
  if (!runningAsRoot()) return undefined;
  const existing = lookup(name);
  if (existing !== undefined) return existing;
  ctx.report({ kind: 'step', service, message: `creating system user ${name} (servers refuse to run as root)` });
  const spec: DaemonSpec = { command: 'useradd', args: ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name] };
  const created = (await runLogged(ctx, service, spec)) === 0 ? lookup(name) : undefined;
  if (created === undefined) {
    throw new StackError('missing-tool', service, `could not create the system user ${name} to run the server as (useradd failed; see .medallion/logs/${service}.log)`, `create it yourself: useradd --system --user-group ${name}`);
  }
  return created;
}

/** The command that runs `spec` as `user` (same process, so the daemon's pid and group stay ours to stop). */
export function runAs(user: SystemUser | undefined, spec: DaemonSpec): DaemonSpec {
  if (user === undefined) return spec;
  return {
    ...spec,
    command: 'setpriv',
    args: ['--reuid', String(user.uid), '--regid', String(user.gid), '--init-groups', '--', spec.command, ...spec.args],
  };
}

/** Creates `dir` (if missing) with `mode`, owned by `user` when there is one. */
export function ownedDir(dir: string, user: SystemUser | undefined, mode: number): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
}

/** Fails with the fix when `user` cannot write `dir`, e.g. because a parent folder is private to root. */
export async function assertWritableBy(ctx: StackContext, service: ServiceName, user: SystemUser | undefined, dir: string): Promise<void> {
  if (user === undefined) return;
  if ((await runLogged(ctx, service, runAs(user, { command: 'test', args: ['-w', dir] }))) === 0) return;
  throw new StackError(
    'bad-config',
    service,
    `the ${user.name} account that runs the server cannot write ${dir} (a parent folder is closed to other users)`,
    'set MEDALLION_HOME to a folder every account can reach, e.g. MEDALLION_HOME=/var/tmp/medallion',
  );
}
