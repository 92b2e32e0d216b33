import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { secretsFile, stackSecrets } from '../../../config/stack-secrets.ts';
import { secureHome, stackContext } from '../../../stack/stack.ts';
import { describeFindings, findSecrets, findSecretsInFiles, type Secret } from '../../secret-scan.ts';

const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'medallion-secrets-test-'));
  homes.push(home);
  return home;
}

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** Every login of the stack's endpoints at `home`, as stackContext sets the home up. */
function logins(home: string): { user: string; password: string }[] {
  const ctx = stackContext(() => {}, { MEDALLION_HOME: home });
  const { postgres, mariadb } = stackEndpoints(ctx.ports, home);
  return [postgres.admin, postgres.owner, postgres.writer, postgres.bi, postgres.audit, mariadb.root, mariadb.cdc];
}

describe("the stack's passwords", () => {
  it('are generated when a home is set up: one per login, distinct, 32 characters, none a user name, kept in a file only its owner reads', () => {
    const home = freshHome();
    const first = logins(home);
    const passwords = first.map((l) => l.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const { user, password } of first) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(password).not.toContain(user);
    }
    expect(statSync(secretsFile(home)).mode & 0o777).toBe(0o600);
    expect(logins(home)).toEqual(first);
    // Another home, other passwords.
    expect(logins(freshHome()).map((l) => l.password)).not.toContain(passwords[0]);
  });

  it('stay the old fixed ones for a database set up before they were generated, and are generated for the other', () => {
    const home = freshHome();
    mkdirSync(path.join(home, 'data', 'postgres'), { recursive: true });
    writeFileSync(path.join(home, 'data', 'postgres', 'PG_VERSION'), '17\n');
    const [admin, owner, writer, bi, audit, root, cdc] = logins(home);
    expect([admin, owner, writer, bi, audit].map((l) => l!.password)).toEqual(['medallion', 'warehouse_owner', 'warehouse_writer', 'warehouse_bi', 'warehouse_audit']);
    expect(root!.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(cdc!.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('are refused from a damaged file, naming the file, the login and the fix', () => {
    const home = freshHome();
    writeFileSync(secretsFile(home), JSON.stringify({ postgres: { admin: 'x', owner: 'x', writer: 'x', bi: 'x' }, mariadb: { root: 'x', cdc: 'x' } }));
    expect(() => stackSecrets(home)).toThrow(`${secretsFile(home)} has no postgres password for audit`);
    writeFileSync(secretsFile(home), '{');
    expect(() => stackSecrets(home)).toThrow(/is not JSON.*\n?.*restore/s);
  });

  it('are not in the message about a bad warehouse URL, neither the stack\'s nor the one given', () => {
    const home = freshHome();
    const writer = logins(home)[2]!;
    for (const value of ['http://me:my-own-secret@db:5432/warehouse', 'postgres://me:my-own-secret@db:notaport/warehouse']) {
      let message = '';
      try {
        resolveConnections({ MEDALLION_HOME: home, MEDALLION_WAREHOUSE_URL: value });
      } catch (error) {
        message = String(error);
      }
      expect(message).toContain('MEDALLION_WAREHOUSE_URL="');
      expect(message).toContain('me:********@db');
      expect(message).not.toContain('my-own-secret');
      expect(message).not.toContain(writer.password);
    }
  });
});

describe('the secrets scan', () => {
  const secrets: Secret[] = [
    { login: 'postgres writer', value: 'Zq3-distinctive_Pa55word0123456789' },
    { login: 'mariadb cdc', value: 'another_Distinctive-0123456789abcd' },
  ];

  it('finds a planted password, naming the login, the place and the line but not the password', () => {
    const text = 'connected\nurl=postgres://warehouse_writer:Zq3-distinctive_Pa55word0123456789@127.0.0.1/warehouse\nbye\n';
    const findings = findSecrets('connect.log', text, secrets);
    expect(findings).toEqual([{ place: 'connect.log', line: 2, login: 'postgres writer' }]);
    expect(describeFindings(findings)).toBe('the password of postgres writer at connect.log:2');
    expect(findSecrets('connect.log', 'warehouse_writer debezium medallion', secrets)).toEqual([]);
  });

  it('finds one in a file, binary or not', () => {
    const home = freshHome();
    const file = path.join(home, 'postgres.log');
    writeFileSync(file, Buffer.concat([Buffer.from([0, 255, 10]), Buffer.from('x another_Distinctive-0123456789abcd y\n')]));
    expect(findSecretsInFiles([file], secrets)).toEqual([{ place: file, line: 2, login: 'mariadb cdc' }]);
  });
});

describe("a secure stack's Kafka login", () => {
  it('is generated by stack up --secure beside the other passwords, which stay, and every client of the home logs in with it over SASL_SSL unless MEDALLION_KAFKA_* says otherwise', () => {
    const home = freshHome();
    const ctx = stackContext(() => {}, { MEDALLION_HOME: home });
    const before = stackSecrets(home);
    expect(before.kafka).toBeUndefined();
    expect(resolveConnections({ MEDALLION_HOME: home }).kafka.settings).toEqual({});
    secureHome(ctx);
    secureHome(ctx);
    const after = stackSecrets(home);
    expect({ postgres: after.postgres, mariadb: after.mariadb }).toEqual(before);
    expect(after.kafka?.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(secretsFile(home)).mode & 0o777).toBe(0o600);
    const { settings } = resolveConnections({ MEDALLION_HOME: home }).kafka;
    expect(settings).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanisms': 'SCRAM-SHA-512',
      'sasl.username': after.kafka?.user,
      'sasl.password': after.kafka?.password,
      'ssl.ca.location': path.join(home, 'tls', 'ca.pem'),
    });
    expect(resolveConnections({ MEDALLION_HOME: home, MEDALLION_KAFKA_SASL_PASSWORD: 'other' }).kafka.settings['sasl.password']).toBe('other');
    // Brokers of one's own get none of the home's login.
    expect(resolveConnections({ MEDALLION_HOME: home, MEDALLION_KAFKA_BOOTSTRAP_SERVERS: 'broker:9092' }).kafka.settings).toEqual({});
  });

  it('is refused to a home whose broker was formatted plain, naming the log dir and the fix', () => {
    const home = freshHome();
    const ctx = stackContext(() => {}, { MEDALLION_HOME: home });
    mkdirSync(path.join(home, 'data', 'kafka'), { recursive: true });
    writeFileSync(path.join(home, 'data', 'kafka', 'meta.properties'), 'node.id=1\n');
    expect(() => secureHome(ctx)).toThrow(/formatted for a plain broker[\s\S]*new MEDALLION_HOME/);
    expect(stackSecrets(home).kafka).toBeUndefined();
  });
});
