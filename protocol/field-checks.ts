// The checks the validators (validate.ts for chat frames, upload-validate.ts for file frames,
// console.ts for console commands) are built from: a failed check throws Invalid with a readable reason, which the parser turns into
// an error reply.

export type Json = Record<string, unknown>;

export class Invalid extends Error {}

export function fail(reason: string): never {
  throw new Invalid(reason);
}

export function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${what} must be a JSON object`);
  }
  return value as Json;
}

export function onlyKeys(obj: Json, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`unexpected field "${key}" in ${what}`);
  }
}

/** A string field of at most `max` characters; not blank unless `allowEmpty`. */
export function str(obj: Json, key: string, max: number, what: string, allowEmpty = false): string {
  const value = obj[key];
  if (typeof value !== 'string') fail(`${what}.${key} must be a string`);
  if (!allowEmpty && value.trim().length === 0) fail(`${what}.${key} must not be empty`);
  if (value.length > max) fail(`${what}.${key} is longer than ${max} characters`);
  return value;
}

/** A whole-number field from `min` to `max`. */
export function intIn(obj: Json, key: string, what: string, min: number, max: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${what}.${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * The whole check for a frame from the hub: it is trusted (our own process, on a
 * token-authenticated connection), so only the envelope is checked, not every field.
 */
export function hasKnownType(value: unknown, types: ReadonlySet<string>): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Json).type === 'string' &&
    types.has((value as Json).type as string)
  );
}
