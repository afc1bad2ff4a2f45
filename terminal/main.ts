// `npm run client -- <hub URL>`: the terminal client as a process (see client.ts).

import { runTerminalClient } from './client';

const stop = new AbortController();
process.on('SIGINT', () => stop.abort());
process.on('SIGTERM', () => stop.abort());

const code = await runTerminalClient(
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
