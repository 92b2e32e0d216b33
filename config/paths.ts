import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in <root>/config/). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the stack keeps downloads, data, logs and pid files: git-ignored, overridable. */
export function stackHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.MEDALLION_HOME ?? path.join(PROJECT_ROOT, '.medallion'));
}

export interface StackDirs {
  readonly home: string;
  /** Classpath files and unpacked plugins, one folder per service. */
  readonly lib: string;
  /** Each service's data directory (Kafka log dir, PostgreSQL cluster, …). */
  readonly data: string;
  readonly logs: string;
  readonly run: string;
}

export function stackDirs(home: string = stackHome()): StackDirs {
  return {
    home,
    lib: path.join(home, 'lib'),
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    run: path.join(home, 'run'),
  };
}

/** Where a secure stack keeps its certificate authority and the broker's key and certificate (PEM, which librdkafka and Java's Kafka clients both read). */
export function kafkaTlsFiles(home: string): { readonly dir: string; readonly ca: string; readonly caKey: string; readonly broker: string } {
  const dir = path.join(home, 'tls');
  return { dir, ca: path.join(dir, 'ca.pem'), caKey: path.join(dir, 'ca.key'), broker: path.join(dir, 'broker.pem') };
}
