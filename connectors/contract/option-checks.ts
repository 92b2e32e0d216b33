/** A source option that must be a whole number above 0; `refuse` makes the source's own error from the message and the fix. */
export function positiveOption(name: string, value: number, fallback: number, refuse: (message: string, fix: string) => Error): number {
  if (!Number.isInteger(value) || value <= 0) throw refuse(`${name} ${value} is not a whole number above 0`, `pass ${name} as a whole number above 0 (default ${fallback})`);
  return value;
}
