// The checks both validators (validate.ts for chat frames, console.ts for console commands) are
// built from: a failed check throws Invalid with a readable reason, which the parser turns into
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
