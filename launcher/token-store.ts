// Browser mode's tokens, kept in the data folder so a restarted hub takes its open tabs back.
// One JSON object, one key per capability (`{ "chat": "…" }`), so another token (a console's,
// say) is one more key; its check is protocol/stored-tokens.ts. The file is readable only by
// the user (0600). A damaged file is set aside (disk/json-file.ts) and new tokens are made.

import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../disk/json-file';
import { createToken } from '../hub/token';
import { isStoredTokens, type StoredTokens } from '../protocol/stored-tokens';

export const TOKENS_FILE = 'tokens.json';

/** Writes the whole object through a temporary file, so a crash leaves the old one whole. */
function writeTokens(file: string, tokens: StoredTokens): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // in case the temporary file was left over with another mode
  renameSync(temporary, file);
}

/**
 * The token for `capability` from `dataDir`'s tokens file, made and saved on first use; the
 * other keys are kept as they are. An unusable file is moved aside (nothing is deleted) and
 * replaced, with one line saying so. A token that cannot be saved still works for this run.
 */
export function persistentToken(
  dataDir: string,
  capability: string,
  print: (line: string) => void,
): string {
  const file = join(dataDir, TOKENS_FILE);
  const read = readJsonFile(file, {
    check: isStoredTokens,
    what: 'token file',
    instead: 'made new tokens (reopen open tabs from the new link)',
    log: (line) => print(`  ${line}`),
  });
  const tokens = read.kind === 'read' ? read.value : {};
  const existing = tokens[capability];
  if (existing !== undefined) {
    chmodSync(file, 0o600);
    return existing;
  }
  const token = createToken();
  try {
    writeTokens(file, { ...tokens, [capability]: token });
  } catch (err) {
    print(
      `  could not save ${file} (${String(err)}); the ${capability} link works until a restart`,
    );
  }
  return token;
}
