import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { kafkaTlsFiles } from '../config/paths.ts';
import { LOOPBACK } from '../config/ports.ts';
import { logTail } from './process-supervisor.ts';
import { runLogged } from './run-logged.ts';
import type { StackContext } from './service.ts';
import { StackError } from './stack-error.ts';
import { which } from './which.ts';

const CA_DAYS = 3650;
// The broker's certificate names the loopback address clients dial, so hostname verification stays on.
const BROKER_NAMES = `subjectAltName=IP:${LOOPBACK},DNS:localhost`;

/**
 * Makes the home's CA and the broker's certificate signed by it, once (kept across
 * restarts, so clients holding ca.pem keep trusting the broker). The broker's file
 * holds its unencrypted PKCS#8 key and its certificate, as Kafka's PEM keystore takes them.
 */
export async function ensureKafkaTls(ctx: StackContext): Promise<void> {
  const files = kafkaTlsFiles(ctx.dirs.home);
  if (existsSync(files.ca) && existsSync(files.broker)) return;
  const openssl = which('openssl');
  if (openssl === undefined) throw new StackError('missing-tool', 'kafka', 'a secure stack makes its certificates with openssl, which is not installed', 'apt-get install openssl');
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  ctx.report({ kind: 'step', service: 'kafka', message: `making a certificate authority and the broker's certificate in ${files.dir}` });
  const work = (name: string): string => path.join(files.dir, name);
  writeFileSync(work('broker.ext'), `${BROKER_NAMES}\n`);
  const steps: (readonly string[])[] = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', files.caKey, '-out', files.ca, '-days', String(CA_DAYS), '-subj', '/CN=medallion local stack CA'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', work('broker.key'), '-out', work('broker.csr'), '-subj', `/CN=${LOOPBACK}`],
    ['x509', '-req', '-in', work('broker.csr'), '-CA', files.ca, '-CAkey', files.caKey, '-CAcreateserial', '-out', work('broker.crt'), '-days', String(CA_DAYS), '-extfile', work('broker.ext')],
  ];
  for (const args of steps) {
    const exit = await runLogged(ctx, 'kafka', { command: openssl, args });
    if (exit !== 0) {
      rmSync(files.ca, { force: true });
      throw new StackError('start-failed', 'kafka', `openssl ${args[0]} exited with ${exit} while making the certificates:\n${logTail(ctx, 'kafka')}`, `remove ${files.dir} and run stack up --secure again`);
    }
  }
  writeFileSync(files.broker, readFileSync(work('broker.key'), 'utf8') + readFileSync(work('broker.crt'), 'utf8'), { mode: 0o600 });
  for (const name of ['broker.key', 'broker.csr', 'broker.crt', 'broker.ext', 'ca.srl']) rmSync(work(name), { force: true });
}
