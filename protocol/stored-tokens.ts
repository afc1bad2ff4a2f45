// Browser mode's tokens.json at rest: one key per capability (`{ "chat": "…", "console": "…" }`),
// each a hex secret. Checked here like every stored shape (stored.ts): a file that fails is set
// aside and new tokens are made.

export type StoredTokens = Record<string, string>;

/** A token as hub/token.ts makes them (64 hex digits), with room for older or longer ones. */
export const STORED_TOKEN = /^[0-9a-f]{16,256}$/i;
const CAPABILITY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** More capabilities than Loopchat will ever have; a file with more is not ours. */
const MAX_TOKENS = 32;

export function isStoredTokens(value: unknown): value is StoredTokens {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_TOKENS &&
    entries.every(
      ([key, token]) =>
        CAPABILITY.test(key) && typeof token === 'string' && STORED_TOKEN.test(token),
    )
  );
}
