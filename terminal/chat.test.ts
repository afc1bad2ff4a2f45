// The terminal chat against a real hub on 127.0.0.1 (browser mode's Origin rules: the hub
// serves pages, so it allows its own http origin, which is what the client sends).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { Readable } from 'node:stream';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/hub';
import { download, sha256, someBytes, upload } from '../hub/test/file-transfer';
import { join, startTestHub } from '../hub/test/test-client';
import { EXIT, runTerminalChat } from './chat';

const hubs: Hub[] = [];
// Static files for the hub (none needed), and the bundle: inside the project, so the
// bundle finds `ws` in node_modules like out/client.js does.
const dir = mkdtempSync(joinPath(tmpdir(), 'loopchat-terminal-'));
mkdirSync('node_modules/.cache', { recursive: true });
const bundleDir = mkdtempSync('node_modules/.cache/loopchat-terminal-');
const bundle = joinPath(bundleDir, 'client.js');

beforeAll(async () => {
  // The same bundle `npm run client` runs.
  await build({
    entryPoints: ['terminal/main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'warning',
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
});

async function browserModeHub() {
  const started = await startTestHub({ staticDir: dir });
  hubs.push(started.hub);
  const address = started.hub.address;
  if (!address) throw new Error('hub not listening');
  return { ...started, address, pageUrl: `${address.pageUrl}#token=${started.token}` };
}

async function runClient(args: string[], input: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTerminalChat(args, {
    stdin: Readable.from(input),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err: err.join('\n') };
}

describe('terminal chat', () => {
  it('a piped line reaches a window exactly once, then --once exits 0', async () => {
    const { address, token, pageUrl } = await browserModeHub();
    const window = await join(address.url, token, 'Ada');
    const run = await runClient([pageUrl, '--once', '--name', 'Script'], ['hi from a script\n']);
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out.some((line) => line.endsWith('you: hi from a script'))).toBe(true);
    // Chats arrive in sequence order: once the window's own marker is back, anything the
    // script's line could have produced has arrived too.
    window.send({ type: 'chat', id: 'marker', text: 'marker' });
    await window.next('chat');
    const marker = await window.next('chat');
    expect(marker.id).toBe('marker');
    const copies = window.received.filter(
      (m) => m.type === 'chat' && m.text === 'hi from a script',
    );
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ from: { name: 'Script' } });
    await window.close();
  });

  it('sends more piped lines than the outbox holds, each exactly once and in order', async () => {
    const { address, token, pageUrl } = await browserModeHub();
    const window = await join(address.url, token, 'Ada');
    const lines = Array.from({ length: 150 }, (_, i) => `line ${i + 1}`);
    const run = await runClient([pageUrl, '--once'], [lines.join('\n') + '\n']);
    expect(run.code, run.err).toBe(EXIT.ok);
    window.send({ type: 'chat', id: 'marker', text: 'marker' });
    for (let i = 0; i <= lines.length; i += 1) {
      const chat = await window.next('chat');
      if (chat.id === 'marker') break;
    }
    const texts = window.received.flatMap((m) => (m.type === 'chat' ? [m.text] : []));
    expect(texts).toEqual([...lines, 'marker']);
    await window.close();
  });

  it('takes a ws:// URL with --token, and --events prints upgrade (with headers), open and close', async () => {
    const { address, token } = await browserModeHub();
    const run = await runClient([address.url, '--token', token, '--events', '--once']);
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.err).toContain('upgrade HTTP/1.1 101 Switching Protocols');
    expect(run.err).toMatch(/^ {4}X-Loopchat-Hub: /m);
    expect(run.err).toContain('open protocol=loopchat.v1');
    // --once ends with a closing handshake, not a dropped socket.
    expect(run.err).toMatch(/^close 1000/m);
    expect(run.err).not.toContain(token);
  });

  it('--events prints a binary frame with its size in bytes, not in decoded characters', async () => {
    const { address, token, pageUrl } = await browserModeHub();
    const window = await join(address.url, token, 'Ada');
    // 3 bytes per character: a count of decoded characters would be a third of the bytes.
    const bytes = Buffer.from('한'.repeat(2_000));
    await upload(window, { id: 'u1', name: 'korean.txt', bytes });
    window.send({
      type: 'chat',
      id: 'm1',
      text: 'a text file',
      attachments: [{ sha256: sha256(bytes), name: 'korean.txt' }],
    });
    await window.next('chat');
    const saveDir = mkdtempSync(joinPath(dir, 'events-'));
    const run = await runClient([pageUrl, '--once', '--events', '--save-dir', saveDir]);
    expect(run.code, run.err).toBe(EXIT.ok);
    // One chunk: the 12-byte header and the file's 6,000 bytes.
    expect(run.err).toMatch(/^message \(binary, 6012 bytes\)$/m);
    expect(readFileSync(joinPath(saveDir, 'korean.txt'))).toEqual(bytes);
    await window.close();
  });

  it('exits non-zero naming 401 when the hub refuses the token (as a process)', async () => {
    const { address } = await browserModeHub();
    const child = spawn(process.execPath, [bundle, `${address.pageUrl}#token=wrong`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(EXIT.refused);
    expect(stderr).toContain('the hub refused the handshake: HTTP 401 Unauthorized');
    expect(stderr).toContain('Missing or wrong token');
  });

  it('refuses bad arguments with a clear message', async () => {
    const noToken = await runClient(['ws://127.0.0.1:1']);
    expect(noToken.code).toBe(EXIT.usage);
    expect(noToken.err).toContain('no token: use the URL with #token=… or pass --token');
    const wrongScheme = await runClient(['ftp://127.0.0.1:1/#token=x']);
    expect(wrongScheme.err).toContain('must start with http:// or ws://');
    const twoUrls = await runClient(['ws://a', 'ws://b', '--token', 'x']);
    expect(twoUrls.err).toContain('give exactly one hub URL');
  });

  it('/send PATH uploads a file with its text; a window fetches exactly its bytes', async () => {
    const { address, token, pageUrl } = await browserModeHub();
    const window = await join(address.url, token, 'Ada');
    const bytes = someBytes(200_000, 3, true);
    const path = joinPath(dir, 'my cat.png');
    writeFileSync(path, bytes);
    const run = await runClient(
      [pageUrl, '--once'],
      [`/send "${path}" look at this\n`, 'after the file\n'],
    );
    expect(run.code, run.err).toBe(EXIT.ok);
    const chat = await window.next('chat');
    expect(chat).toMatchObject({
      text: 'look at this',
      attachments: [{ name: 'my cat.png', kind: 'png', size: bytes.length }],
    });
    // The line after the file comes after it.
    expect((await window.next('chat')).text).toBe('after the file');
    expect(sha256(await download(window, sha256(bytes)))).toBe(sha256(bytes));
    await window.close();
  });

  it('/send of a missing file sends nothing of it, says why, and exits 1 with --once', async () => {
    const { pageUrl } = await browserModeHub();
    const run = await runClient([pageUrl, '--once'], [`/send ${joinPath(dir, 'nope.bin')}\n`]);
    expect(run.code).toBe(EXIT.timeout);
    expect(run.err).toContain('file not sent: cannot read');
    expect(run.err).toContain('ENOENT');
  });

  it('--save-dir saves the files others sent, whole, never overwriting a file', async () => {
    const { address, token, pageUrl } = await browserModeHub();
    const window = await join(address.url, token, 'Ada');
    const first = someBytes(150_000, 4);
    const second = someBytes(5_000, 5);
    await upload(window, { id: 'u1', name: 'data.bin', bytes: first });
    await upload(window, { id: 'u2', name: 'other.bin', bytes: second });
    window.send({
      type: 'chat',
      id: 'm1',
      text: 'two files',
      attachments: [
        { sha256: sha256(first), name: 'data.bin' },
        { sha256: sha256(second), name: '..' + 'data.bin' },
      ],
    });
    await window.next('chat');
    const saveDir = mkdtempSync(joinPath(dir, 'save-'));
    writeFileSync(joinPath(saveDir, 'data.bin'), 'mine');
    const run = await runClient([pageUrl, '--once', '--save-dir', saveDir]);
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out.some((line) => line.includes('two files [data.bin, file, 146.5 KiB]'))).toBe(
      true,
    );
    expect(readdirSync(saveDir).sort()).toEqual(['data (2).bin', 'data (3).bin', 'data.bin']);
    expect(readFileSync(joinPath(saveDir, 'data.bin'), 'utf8')).toBe('mine');
    const saved = ['data (2).bin', 'data (3).bin'].map((name) =>
      sha256(readFileSync(joinPath(saveDir, name))),
    );
    expect(saved.sort()).toEqual([sha256(first), sha256(second)].sort());
    await window.close();
  });
});
