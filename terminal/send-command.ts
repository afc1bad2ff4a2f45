// `/send PATH [text]` typed or piped on stdin: attach the file at PATH (quoted when it holds
// spaces) to a message with the optional text. Any other line is chat text.

export type SendCommand = { ok: true; path: string; text: string } | { ok: false; error: string };

const PREFIX = /^\/send(?:\s+|$)/;

/** null when `line` is not a /send command. */
export function parseSendCommand(line: string): SendCommand | null {
  const match = PREFIX.exec(line);
  if (!match) return null;
  const rest = line.slice(match[0].length);
  if (rest.trim() === '') return { ok: false, error: 'usage: /send PATH [text]' };
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    if (end === -1) return { ok: false, error: 'the quoted path has no closing "' };
    const path = rest.slice(1, end);
    if (path === '') return { ok: false, error: 'usage: /send PATH [text]' };
    return { ok: true, path, text: rest.slice(end + 1).trim() };
  }
  const space = rest.search(/\s/);
  if (space === -1) return { ok: true, path: rest, text: '' };
  return { ok: true, path: rest.slice(0, space), text: rest.slice(space + 1).trim() };
}
