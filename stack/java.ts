import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from './service.ts';
import { StackError } from './stack-error.ts';
import { which } from './which.ts';

/** A Java runtime the stack can launch, with its feature release (17, 21, …). */
export interface JavaRuntime {
  readonly command: string;
  readonly major: number;
}

/** The feature release `java -version` reports, or undefined when it does not run. */
export function javaMajor(command: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-version'], { timeout: 10_000 }, (error, _stdout, stderr) => {
      const match = /version "(\d+)(?:\.(\d+))?/.exec(String(stderr));
      if (error !== null || match === null) return resolve(undefined);
      const first = Number(match[1]);
      // Releases before 9 report themselves as 1.x.
      resolve(first === 1 ? Number(match[2]) : first);
    });
  });
}

/** The machine's java: $JAVA_HOME/bin/java when JAVA_HOME is set, else the one on PATH. */
export async function systemJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime | undefined> {
  const command = env.JAVA_HOME !== undefined && env.JAVA_HOME !== '' ? path.join(env.JAVA_HOME, 'bin', 'java') : which('java', env);
  if (command === undefined) return undefined;
  const major = await javaMajor(command);
  return major === undefined ? undefined : { command, major };
}

// Where Debian's packages and Temurin's put their JDKs; a machine may have several.
const JVM_DIR = '/usr/lib/jvm';

/** The newest Java of at least `minMajor`: the machine's java first, then the JDKs installed side by side in /usr/lib/jvm. */
export async function javaAtLeast(minMajor: number): Promise<JavaRuntime | undefined> {
  const system = await systemJava();
  if (system !== undefined && system.major >= minMajor) return system;
  const candidates = existsSync(JVM_DIR) ? readdirSync(JVM_DIR).map((dir) => path.join(JVM_DIR, dir, 'bin', 'java')).filter((java) => existsSync(java)) : [];
  const runtimes = await Promise.all(candidates.map(async (command) => ({ command, major: (await javaMajor(command)) ?? 0 })));
  return runtimes.filter((r) => r.major >= minMajor).sort((a, b) => b.major - a.major)[0];
}

/** The machine's java, when it is at least `minMajor`; otherwise fails with the fix. */
export async function requireJava(service: ServiceName, minMajor: number): Promise<JavaRuntime> {
  const java = await systemJava();
  const fix = `install a Java ${minMajor}+ runtime (Debian: apt-get install openjdk-17-jre-headless) or point JAVA_HOME at one`;
  if (java === undefined) throw new StackError('missing-tool', service, 'no Java runtime found (no java on PATH, or JAVA_HOME/bin/java does not run)', fix);
  if (java.major < minMajor) throw new StackError('missing-tool', service, `${java.command} is Java ${java.major}, and ${service} needs Java ${minMajor} or newer`, fix);
  return java;
}
