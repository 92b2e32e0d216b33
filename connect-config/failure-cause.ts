/**
 * The line of a Java stack trace that says why: the innermost `Caused by:` (the
 * root cause, e.g. "ConnectException: Connection refused"), else the first line,
 * with package names dropped from exception classes.
 */
export function failureCause(trace: string): string {
  const lines = trace.split('\n').map((line) => line.trim());
  const causes = lines.filter((line) => line.startsWith('Caused by:'));
  const line = (causes.at(-1)?.slice('Caused by:'.length) ?? lines[0] ?? '').trim();
  return line.replace(/^(?:[a-z_$][\w$]*\.)+(?=[A-Z][\w$]*(?::|$))/, '');
}
