import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A secret to look for, and the login it belongs to (what a finding names instead of the value). */
export interface Secret {
  readonly login: string;
  readonly value: string;
}

/** Where a secret appeared: the place (a file, a command's output, a URL) and the line. */
export interface Finding {
  readonly place: string;
  readonly line: number;
  readonly login: string;
}

/** Every line of `text` holding one of the secrets. */
export function findSecrets(place: string, text: string, secrets: readonly Secret[]): Finding[] {
  return text.split('\n').flatMap((content, index) =>
    secrets.filter((secret) => content.includes(secret.value)).map((secret) => ({ place, line: index + 1, login: secret.login })),
  );
}

/** Every file under `root`, followed into folders (not into symbolic links), minus those `skip` names. */
export function filesUnder(root: string, skip: (file: string) => boolean = () => false): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(root, entry.name);
    if (skip(file)) return [];
    if (entry.isDirectory()) return filesUnder(file, skip);
    return entry.isFile() ? [file] : [];
  });
}

/** The findings in each file; read as latin1, so a binary file is searched byte for byte. A file gone since it was listed (a server's temporary file) holds none. */
export function findSecretsInFiles(files: readonly string[], secrets: readonly Secret[]): Finding[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return findSecrets(file, text, secrets);
  });
}

/** The findings as a failure message shows them: the login and the place, never the secret. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `the password of ${f.login} at ${f.place}:${f.line}`).join('\n');
}
