// Browser mode's tokens, kept in the data folder so a restarted hub takes its open tabs back.
// One JSON object, one key per capability (`{ "chat": "…" }`), so another token (a console's,
// say) is one more key. The file is readable only by the user (0600).

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createToken } from '../hub/token';

export const TOKENS_FILE = 'tokens.json';

const TOKEN = /^[0-9a-f]{16,256}$/i;

type Tokens = Record<string, string>;

/** The stored tokens, or why the file cannot be used. A missing file is an empty object. */
function readTokens(file: string): { ok: true; tokens: Tokens } | { ok: false; problem: string } {
  if (!existsSync(file)) return { ok: true, tokens: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, problem: `not JSON (${String(err)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: 'not a JSON object' };
  }
  const tokens: Tokens = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !TOKEN.test(value)) {
      return { ok: false, problem: `"${key}" is not a token` };
    }
    tokens[key] = value;
  }
  return { ok: true, tokens };
}

/** Writes the whole object through a temporary file, so a crash leaves the old one whole. */
function writeTokens(file: string, tokens: Tokens): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // in case the temporary file was left over with another mode
  renameSync(temporary, file);
}

/**
 * The token for `capability` from `dataDir`'s tokens file, made and saved on first use; the
 * other keys are kept as they are. An unreadable file is moved aside (nothing is deleted) and
 * replaced, with one line saying so.
 */
export function persistentToken(
  dataDir: string,
  capability: string,
  print: (line: string) => void,
): string {
  const file = join(dataDir, TOKENS_FILE);
  const read = readTokens(file);
  let tokens: Tokens = {};
  if (read.ok) tokens = read.tokens;
  else {
    renameSync(file, `${file}.bad`);
    print(
      `  ${file} is unreadable (${read.problem}): moved to ${TOKENS_FILE}.bad, made a new one.`,
    );
  }
  const existing = tokens[capability];
  if (existing !== undefined) {
    chmodSync(file, 0o600);
    return existing;
  }
  const token = createToken();
  writeTokens(file, { ...tokens, [capability]: token });
  return token;
}
