// What the windows benchmark runs inside a Loopchat page. The probe is plain JavaScript
// (this project type-checks bench/ for Node, without the DOM library) installed once per page
// as `window.__loopchatBench`; the functions below drive it from Node.

import type { Page } from '@playwright/test';

const PROBE = `(() => {
  if (window.__loopchatBench) return;
  const list = document.querySelector('[data-testid="messages"]');
  const tasks = [];
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) tasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const latencies = [];
  const seenTexts = new Map();
  const waiters = [];
  const clock = () => performance.timeOrigin + performance.now();
  // Rows are added by the list's animation-frame render: this sees them as the reader would.
  new MutationObserver((records) => {
    const now = clock();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.dataset.kind !== 'other') continue;
        const text = node.querySelector('[data-testid="text"]')?.textContent ?? '';
        if (text.startsWith('marker ') && !seenTexts.has(text)) seenTexts.set(text, Date.now());
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
    rows: () => Number(list.querySelector('li:last-child')?.getAttribute('aria-setsize') ?? 0),
    dom: () => ({
      list: countNodes(list),
      listElements: list.querySelectorAll('*').length,
      document: countNodes(document),
    }),
    sendSteadily: (rate, seconds) => new Promise((done) => {
      const form = document.getElementById('composer-form');
      const box = document.getElementById('composer');
      const start = performance.now();
      const startClock = clock();
      let sent = 0;
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        const due = Math.min(rate * seconds, Math.floor((elapsed / 1000) * rate));
        while (sent < due) {
          // Stamped with when it was due, not when the page got round to it: time the sender
          // spends blocked counts too.
          box.value = 'lat ' + (startClock + ((sent + 1) * 1000) / rate).toFixed(3);
          form.requestSubmit();
          sent++;
        }
        if (sent >= rate * seconds) { clearInterval(timer); done(sent); }
      }, 5);
    }),
  };
})()`;

interface Probe {
  latencies: number[];
  longTasks: LongTasks;
  dom: DomCounts;
}

export interface LongTasks {
  count: number;
  over200: number;
  maxMs: number;
}

export interface DomCounts {
  /** Every node (elements and text) inside the message list. */
  list: number;
  listElements: number;
  document: number;
}

export async function installProbes(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

/** Sends `rate` chats a second for `seconds` through the page's own composer. */
export async function sendSteadily(page: Page, rate: number, seconds: number): Promise<number> {
  return (await page.evaluate(
    `window.__loopchatBench.sendSteadily(${rate}, ${seconds})`,
  )) as number;
}

/** Window-to-window latencies (ms) seen by `page`, once `expected` arrived or after `timeoutMs`. */
export async function collectLatencies(
  page: Page,
  expected: number,
  timeoutMs: number,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = (await page.evaluate('window.__loopchatBench.latencies()')) as Probe['latencies'];
    if (got.length >= expected || Date.now() > deadline) return got;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Date.now() in the page when a row from someone else with text `marker <name>` rendered. */
export async function waitForMarker(page: Page, name: string, timeoutMs: number): Promise<number> {
  const text = JSON.stringify(`marker ${name}`);
  const seen = page.evaluate(`window.__loopchatBench.waitForText(${text})`) as Promise<number>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${text} not rendered within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  // Cleared, or the pending timer would keep the benchmark alive for minutes after its results.
  return Promise.race([seen, timeout]).finally(() => clearTimeout(timer));
}

/** How many rows the list holds in all (aria-setsize), rendered or not. */
export async function listRows(page: Page): Promise<number> {
  return (await page.evaluate('window.__loopchatBench.rows()')) as number;
}

export async function longTasks(page: Page): Promise<LongTasks> {
  return (await page.evaluate('window.__loopchatBench.longTasks()')) as Probe['longTasks'];
}

export async function domCounts(page: Page): Promise<DomCounts> {
  return (await page.evaluate('window.__loopchatBench.dom()')) as Probe['dom'];
}
