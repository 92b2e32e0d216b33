/**
 * The one base class of every error this project raises on purpose. Each domain
 * (stack, generator, contracts, …) subclasses it with its own closed list of codes;
 * the message always says what was wrong, which rule it broke, and the fix.
 */
export abstract class MedallionError<Code extends string = string> extends Error {
  abstract readonly domain: string;

  constructor(
    readonly code: Code,
    message: string,
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(`${message}\n  fix: ${fix}`, options);
    this.name = new.target.name;
  }
}

export function isMedallionError(error: unknown): error is MedallionError {
  return error instanceof MedallionError;
}
