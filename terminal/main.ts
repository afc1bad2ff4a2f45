// `npm run client -- <hub URL>`: the terminal chat as a process (see chat.ts).

import { runTerminalChat } from './chat';

const stop = new AbortController();
process.on('SIGINT', () => stop.abort());
process.on('SIGTERM', () => stop.abort());

const code = await runTerminalChat(
  process.argv.slice(2),
  {
    stdin: process.stdin,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  stop.signal,
);
// stdin may still be open (an interactive terminal): end explicitly.
process.exit(code);
