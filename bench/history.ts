// `npm run bench:history`: paging back and searching a history of 100,000 messages (the stated
// bound, HISTORY_BOUND), through a real hub over a real WebSocket on 127.0.0.1, plus the same
// search in-process (the index alone). Prints medians and p99s; the targets are a search within
// 100 ms and a page within 20 ms (docs/performance.md). Not a test: nothing here asserts a time.

import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { HISTORY_BOUND } from '../hub/history-index';
import { HistoryFile } from '../hub/history-file';
import { createHub } from '../hub/hub';
import { createToken } from '../hub/token';
import type { ClientMessage, ServerMessage } from '../protocol/messages';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

const ORIGIN = 'app://loopchat';
const WORDS = ['hello', 'build', 'deploy', 'lunch', 'review', 'merge', 'socket', 'frame'];
const KOREAN = ['안녕하세요', '회의', '점심', '배포', '검토', '오늘', '내일', '확인'];
const NAMES = ['Ada', 'Bob', '김철수', 'Grace', '이영희', 'Linus'];

/** A seeded pseudo-random sequence, so every run searches the same history. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function historyLines(count: number): string {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const lines = [JSON.stringify({ loopchatHistory: 1, id: 'bench-history' })];
  for (let seq = 1; seq <= count; seq++) {
    const words = Array.from({ length: 4 + Math.floor(next() * 12) }, () =>
      next() < 0.3 ? pick(KOREAN) : pick(WORDS),
    );
    if (seq === 5) words.push('needle-only-here');
    const from = { id: `p${NAMES.indexOf(pick(NAMES))}`, name: pick(NAMES) };
    const message = { type: 'chat', seq, id: `m${seq}`, from, text: words.join(' '), at: seq };
    lines.push(JSON.stringify(message));
  }
  return `${lines.join('\n')}\n`;
}

function quantiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return `median ${at(0.5)?.toFixed(2)} ms, p99 ${at(0.99)?.toFixed(2)} ms (n=${samples.length})`;
}

/** A welcomed connection that sends a request and waits for the answer carrying its id. */
async function window(url: string, token: string) {
  const ws = new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { origin: ORIGIN });
  const waiting = new Map<string, (message: ServerMessage) => void>();
  let welcome: ((message: ServerMessage) => void) | null = null;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'welcome') welcome?.(message);
    if ('requestId' in message) waiting.get(message.requestId)?.(message);
  });
  await once(ws, 'open');
  const welcomed = new Promise<ServerMessage>((resolve) => (welcome = resolve));
  ws.send(JSON.stringify({ type: 'hello', secret: 'b'.repeat(32), name: 'Bench', resume: null }));
  const first = await welcomed;
  const historyId = first.type === 'welcome' ? first.historyId : '';
  let counter = 0;
  const ask = (request: ClientMessage & { requestId: string }) =>
    new Promise<{ ms: number; answer: ServerMessage }>((resolve) => {
      const started = performance.now();
      waiting.set(request.requestId, (answer) =>
        resolve({ ms: performance.now() - started, answer }),
      );
      ws.send(JSON.stringify(request));
    });
  const id = () => `r${++counter}`;
  return { ws, historyId, ask, id };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-bench-history-'));
  const path = join(dir, 'history.jsonl');
  writeFileSync(path, historyLines(HISTORY_BOUND));
  const loadStarted = performance.now();
  const history = HistoryFile.open(path);
  console.log(
    `history: ${history.index.size} messages, loaded and indexed in ${(performance.now() - loadStarted).toFixed(0)} ms`,
  );

  // The index alone, in-process: what a search costs the hub's event loop.
  const inProcess: Record<string, number[]> = { rare: [], common: [], none: [], korean: [] };
  const queries = { rare: 'needle-only-here', common: 'deploy', none: 'zzzz', korean: '회의' };
  for (let round = 0; round < 50; round++) {
    for (const [kind, query] of Object.entries(queries)) {
      const started = performance.now();
      history.index.search(query, null, 50);
      inProcess[kind]?.push(performance.now() - started);
    }
  }
  for (const [kind, samples] of Object.entries(inProcess)) {
    console.log(
      `search in-process, ${kind} (${queries[kind as keyof typeof queries]}): ${quantiles(samples)}`,
    );
  }

  const token = createToken();
  const hub = createHub({
    token,
    consoleToken: createToken(),
    allowedOrigins: [ORIGIN],
    port: 0,
    history,
    log: () => undefined,
  });
  const address = await hub.start();
  const client = await window(address.url, token);

  const pages: number[] = [];
  const next = random(7);
  // Paced under the hub's frame limit (100 a second per connection).
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 15));
    const beforeSeq = 1 + Math.floor(next() * HISTORY_BOUND);
    const { ms } = await client.ask({
      type: 'page',
      requestId: client.id(),
      historyId: client.historyId,
      beforeSeq,
      limit: 100,
    });
    pages.push(ms);
  }
  console.log(`page of 100 over the WebSocket: ${quantiles(pages)}`);

  // Jumps to a search result (the page around a seq) share the search limit: paced within it.
  const jumps: number[] = [];
  for (let i = 0; i < 40; i++) {
    const seq = 1 + Math.floor(next() * HISTORY_BOUND);
    const { ms, answer } = await client.ask({
      type: 'page-around',
      requestId: client.id(),
      historyId: client.historyId,
      seq,
      limit: 100,
    });
    if (answer.type !== 'page') throw new Error(`jump refused: ${JSON.stringify(answer)}`);
    jumps.push(ms);
    await new Promise((resolve) => setTimeout(resolve, 260));
  }
  console.log(`page of 100 around a seq over the WebSocket: ${quantiles(jumps)}`);

  // Searches are rate-limited per connection (4 a second): paced to stay within it.
  const searches: Record<string, number[]> = { rare: [], common: [], none: [], korean: [] };
  for (let round = 0; round < 8; round++) {
    for (const [kind, query] of Object.entries(queries)) {
      const { ms, answer } = await client.ask({
        type: 'search',
        requestId: client.id(),
        historyId: client.historyId,
        query,
        beforeSeq: null,
        limit: 50,
      });
      if (answer.type !== 'search-results')
        throw new Error(`search refused: ${JSON.stringify(answer)}`);
      searches[kind]?.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 260));
    }
  }
  for (const [kind, samples] of Object.entries(searches)) {
    console.log(`search of 50 over the WebSocket, ${kind}: ${quantiles(samples)}`);
  }
  client.ws.close();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
}

void main();
