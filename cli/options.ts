import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs`, strict, with its errors turned into a UsageError that shows the usage. */
export function parseOptions<const O extends OptionsConfig>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError('bad-option', (error as Error).message, `see the usage:\n${usage}`);
  }
}

/** For commands that take options only: a stray word is an error, not silently ignored. */
export function noPositionals(command: string, positionals: readonly string[], usage: string): void {
  if (positionals.length > 0) throw new UsageError('bad-option', `${command} takes no positional arguments (got ${positionals.join(' ')}).`, `see the usage:\n${usage}`);
}

/** An integer option within [min, max]; the error names the option, the value and the range. */
export function integerOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      'bad-option',
      `--${name} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}.`,
      `pass --${name} with a whole number from ${min} to ${max} (default ${fallback}).`,
    );
  }
  return n;
}

/** One of a closed list of words; the error lists the valid ones. */
export function choiceOption<const C extends readonly string[]>(name: string, value: string | undefined, choices: C, fallback: C[number]): C[number] {
  if (value === undefined) return fallback;
  if (!choices.includes(value)) {
    throw new UsageError('bad-option', `--${name} ${JSON.stringify(value)} is not one of ${choices.join(', ')}.`, `pass --${name} with one of: ${choices.join(', ')}.`);
  }
  return value;
}
