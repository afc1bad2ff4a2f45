// What the windows benchmark runs inside a page, a Loopchat window or the bare page alike
// (bare-page.ts gives both the same DOM hooks). The probes are plain JavaScript installed as
// `window.__loopchatBench` (receiving and sending), as an init script (a new window's "usable"
// moment), or as an init script that notes when each WebSocket was made (catching up); the
// functions below drive them from Node.

import type { Page } from '@playwright/test';

const PROBE = `(() => {
  if (window.__loopchatBench) return;
  const list = document.querySelector('[data-testid="messages"]');
  const latencies = [];
  const tasks = [];
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) tasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const seenTexts = new Map();
  const waiters = [];
  const clock = () => performance.timeOrigin + performance.now();
  const textOf = (node) => (node.querySelector('[data-testid="text"]') ?? node).textContent ?? '';
  // Sees rows the moment they are in the DOM, as a reader (or a screen reader) would.
  new MutationObserver((records) => {
    const now = clock();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement) || node.dataset.kind !== 'other') continue;
        const text = textOf(node);
        if (seenTexts.has(text)) continue;
        seenTexts.set(text, now);
        const match = /^lat ([0-9.]+)$/.exec(text);
        if (match) latencies.push(now - Number(match[1]));
      }
    }
    for (const waiter of [...waiters]) {
      if (!seenTexts.has(waiter.text)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.done(seenTexts.get(waiter.text));
    }
  }).observe(list, { childList: true });
  const countNodes = (root) => {
    let count = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
    while (walker.nextNode()) count++;
    return count;
  };
  const send = window.__bare
    ? (text) => window.__bare.send(text)
    : (text) => {
        document.getElementById('composer').value = text;
        document.getElementById('composer-form').requestSubmit();
      };
  window.__loopchatBench = {
    latencies: () => latencies.slice(),
    longTasks: () => ({
      count: tasks.length,
      over200: tasks.filter((d) => d > 200).length,
      maxMs: tasks.length ? Math.max(...tasks) : 0,
    }),
    waitForText: (text) => new Promise((done) => {
      if (seenTexts.has(text)) return done(seenTexts.get(text));
      waiters.push({ text, done });
    }),
    send,
    clock,
    // Rows the list holds, shown or not: a windowed list renders only those near the view.
    held: () => window.__bare
      ? list.children.length
      : Number(list.querySelector('li:last-child')?.getAttribute('aria-setsize') ?? 0),
    dom: () => ({ list: countNodes(list), document: countNodes(document) }),
    sendSteadily: (rate, seconds) => new Promise((done) => {
      const start = performance.now();
      const startClock = clock();
      let sent = 0;
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        const due = Math.min(rate * seconds, Math.floor((elapsed / 1000) * rate));
        while (sent < due) {
          // Stamped with when it was due, not when the page got round to it: time the sender
          // spends blocked counts too.
          send('lat ' + (startClock + ((sent + 1) * 1000) / rate).toFixed(3));
          sent++;
        }
        if (sent >= rate * seconds) { clearInterval(timer); done(sent); }
      }, 5);
    }),
  };
})()`;

/**
 * A new window is usable once its state line says OPEN, the newest message is in the list and
 * the composer has focus: this notes when (ms since navigation) as `window.__usableAt`.
 */
const USABLE_PROBE = (newest: string) => `(() => {
  const newest = ${JSON.stringify(newest)};
  let seen = false;
  const check = () => {
    if (window.__usableAt !== undefined) return;
    const state = document.querySelector('[data-testid="ready-state"]');
    const focused = document.activeElement && document.activeElement.id === 'composer';
    if (seen && focused && state && state.textContent.startsWith('OPEN')) {
      window.__usableAt = performance.now();
      performance.mark('loopchat-bench-usable'); // a milestone in the trace (windows-trace.ts)
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!seen && node.textContent && node.textContent.includes(newest)) seen = true;
      }
    }
    check();
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('focusin', check);
})()`;

/** Notes (page clock) when the WebSocket that opened last was made: a reconnect's start. */
const SOCKET_PROBE = `(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const madeAt = performance.timeOrigin + performance.now();
      this.addEventListener('open', () => { window.__socketOpenedMadeAt = madeAt; });
    }
  };
})()`;

/** Counts and times (ms) the page's Web Storage reads and writes: `window.__storage`. */
const STORAGE_PROBE = `(() => {
  const counts = { reads: 0, readMs: 0, writes: 0, writeMs: 0 };
  window.__storage = counts;
  const wrap = (name, count, ms) => {
    const original = Storage.prototype[name];
    Storage.prototype[name] = function (...args) {
      const start = performance.now();
      try { return original.apply(this, args); }
      finally { counts[count]++; counts[ms] += performance.now() - start; }
    };
  };
  wrap('getItem', 'reads', 'readMs');
  wrap('setItem', 'writes', 'writeMs');
})()`;

export interface StorageCounts {
  reads: number;
  readMs: number;
  writes: number;
  writeMs: number;
}

export async function installStorageProbe(page: Page): Promise<void> {
  await page.addInitScript(STORAGE_PROBE);
}

export async function storageCounts(page: Page): Promise<StorageCounts> {
  return (await page.evaluate('window.__storage')) as StorageCounts;
}

export interface DomCounts {
  /** Every node (elements and text) inside the message list. */
  list: number;
  document: number;
}

export async function installProbes(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

export async function installUsableProbe(page: Page, newest: string): Promise<void> {
  await page.addInitScript(USABLE_PROBE(newest));
}

export async function installSocketProbe(page: Page): Promise<void> {
  await page.addInitScript(SOCKET_PROBE);
}

/** Ms from navigation until the page was usable, once it is. */
export async function usableAfter(page: Page, timeoutMs: number): Promise<number> {
  // A function, not a string: the page's CSP forbids eval, which string polling uses.
  const usable = () => (window as unknown as { __usableAt?: number }).__usableAt;
  const handle = await page.waitForFunction(usable, undefined, { timeout: timeoutMs, polling: 50 });
  return (await handle.jsonValue()) as number;
}

/** Page clock (ms since epoch) when the socket that opened last was made. */
export async function socketMadeAt(page: Page): Promise<number> {
  return (await page.evaluate('window.__socketOpenedMadeAt')) as number;
}

/** Sends `rate` chats a second for `seconds` (a Loopchat window through its own composer). */
export async function sendSteadily(page: Page, rate: number, seconds: number): Promise<number> {
  return (await page.evaluate(
    `window.__loopchatBench.sendSteadily(${rate}, ${seconds})`,
  )) as number;
}

export async function sendOne(page: Page, text: string): Promise<number> {
  return (await page.evaluate(
    `(window.__loopchatBench.send(${JSON.stringify(text)}), window.__loopchatBench.clock())`,
  )) as number;
}

/** Latencies (ms) of the `lat` messages seen by `page`, once `expected` arrived or after `timeoutMs`. */
export async function collectLatencies(
  page: Page,
  expected: number,
  timeoutMs: number,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = (await page.evaluate('window.__loopchatBench.latencies()')) as number[];
    if (got.length >= expected || Date.now() > deadline) return got;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Page clock (ms since epoch) when a row from someone else with exactly `text` appeared. */
export async function waitForText(page: Page, text: string, timeoutMs: number): Promise<number> {
  const literal = JSON.stringify(text);
  const seen = page.evaluate(`window.__loopchatBench.waitForText(${literal})`) as Promise<number>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${literal} not shown within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  // Cleared, or the pending timer would keep the benchmark alive for minutes after its results.
  return Promise.race([seen, timeout]).finally(() => clearTimeout(timer));
}

/** Rows the page's list holds (a Loopchat window's aria-setsize; the bare page's children). */
export async function rowsHeld(page: Page): Promise<number> {
  return (await page.evaluate('window.__loopchatBench.held()')) as number;
}

export interface LongTasks {
  count: number;
  over200: number;
  maxMs: number;
}

/** The page's long tasks (over 50 ms) since the probe was installed. */
export async function longTasks(page: Page): Promise<LongTasks> {
  return (await page.evaluate('window.__loopchatBench.longTasks()')) as LongTasks;
}

export async function domCounts(page: Page): Promise<DomCounts> {
  return (await page.evaluate('window.__loopchatBench.dom()')) as DomCounts;
}
