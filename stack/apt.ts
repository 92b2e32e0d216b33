import { logTail } from './process-supervisor.ts';
import { runLogged } from './run-logged.ts';
import type { ServiceName, StackContext } from './service.ts';
import { StackError } from './stack-error.ts';
import { runningAsRoot } from './system-user.ts';
import { which } from './which.ts';

/**
 * Installs Debian packages a service needs, output in the service's log. Runs
 * `apt-get update` only when the install cannot find them (a fresh machine's
 * package lists may be empty or stale).
 */
export async function aptInstall(ctx: StackContext, service: ServiceName, packages: readonly string[]): Promise<void> {
  const fix = `install it yourself: sudo apt-get install ${packages.join(' ')}`;
  if (!runningAsRoot() || which('apt-get') === undefined) {
    throw new StackError('missing-tool', service, `${packages.join(' ')} is not installed, and installing it needs root and apt-get`, fix);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const install = { command: 'apt-get', args: ['install', '-y', ...packages], env };
  ctx.report({ kind: 'step', service, message: `installing ${packages.join(' ')} with apt-get (first run only)` });
  if ((await runLogged(ctx, service, install)) === 0) return;
  ctx.report({ kind: 'step', service, message: 'apt-get could not install it: refreshing the package lists (apt-get update) and trying again' });
  await runLogged(ctx, service, { command: 'apt-get', args: ['update'], env });
  if ((await runLogged(ctx, service, install)) === 0) return;
  throw new StackError('missing-tool', service, `apt-get install ${packages.join(' ')} failed:\n${logTail(ctx, service)}`, fix);
}
