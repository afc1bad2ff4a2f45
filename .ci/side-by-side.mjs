// @ts-check
// Runs shell commands side by side, as many at once as the machine has cores (at least 2), and
// prints each one's output whole when it ends, so their lines never interleave. Exits 1 if any
// failed, after all have ended. `npm test` runs its independent checks through it: each of
// ESLint, Prettier and tsc keeps one core busy, so one after another leaves a core idle.
// Usage: node .ci/side-by-side.mjs "eslint ." "prettier --check ." …
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { argv, exit, stderr, stdout } from 'node:process';

const commands = argv.slice(2);
const lanes = Math.max(2, availableParallelism());

/** @param {string} command */
function run(command) {
  const started = Date.now();
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const output = [];
    // A shell, so the commands read as they would in package.json (and resolve node_modules/.bin
    // through npm's PATH) on Linux, macOS and Windows alike.
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      stdout.write(`\n> ${command}  (${ok ? 'ok' : `failed: ${signal ?? code}`}, ${seconds} s)\n`);
      (ok ? stdout : stderr).write(Buffer.concat(output));
      resolve(ok);
    });
  });
}

let next = 0;
let failed = false;
async function lane() {
  while (next < commands.length) {
    const command = commands[next++];
    if (command !== undefined && !(await run(command))) failed = true;
  }
}

if (commands.length === 0) {
  stderr.write('usage: node .ci/side-by-side.mjs "<command>" …\n');
  exit(2);
}
await Promise.all(Array.from({ length: Math.min(lanes, commands.length) }, lane));
exit(failed ? 1 : 0);
