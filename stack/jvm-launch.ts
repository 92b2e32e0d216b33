import type { DaemonSpec } from './process-supervisor.ts';

/** How to launch one of the stack's JVM services. */
export interface JvmLaunch {
  readonly java: string;
  /** The heap ceiling (-Xmx), e.g. "512m": always explicit, several JVMs share the machine. */
  readonly heap: string;
  /** A main class on a classpath (folders end in /* to take every jar in them), or a runnable jar. */
  readonly main: { readonly classpath: readonly string[]; readonly className: string } | { readonly jar: string };
  readonly systemProperties?: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  readonly cwd?: string;
}

export function jvmDaemonSpec(launch: JvmLaunch): DaemonSpec {
  const properties = Object.entries(launch.systemProperties ?? {}).map(([key, value]) => `-D${key}=${value}`);
  const main = 'jar' in launch.main ? ['-jar', launch.main.jar] : ['-cp', launch.main.classpath.join(':'), launch.main.className];
  return {
    command: launch.java,
    args: [
      `-Xmx${launch.heap}`,
      // Die rather than limp on: the stack's health check then reports it, and `up` restarts it.
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      ...properties,
      ...main,
      ...(launch.args ?? []),
    ],
    ...(launch.cwd === undefined ? {} : { cwd: launch.cwd }),
  };
}
