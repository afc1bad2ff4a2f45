// Older history and search in a window, against a hub whose history holds 3,000 messages: the
// window starts with the newest, reaches the very first by scrolling up (pages asked of the hub,
// the reader's place held while each arrives), and finds by search a word only message 5 holds,
// in English and in Korean, shown highlighted in the list; Escape goes back to the newest.
// Choosing that result asks only for the page around it (the frames say so), and reading down
// from there joins the newest messages; More results pages the search; the first message has
// the start-of-chat marker above it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startBrowserMode, type BrowserMode } from '../launcher/browser-mode';
import { expect, rendererDir, test } from './fixtures';

const COUNT = 3000;
const START = Date.UTC(2026, 10, 20, 9, 0, 0);

function historyFile(): string {
  const lines = [JSON.stringify({ loopchatHistory: 1, id: 'e2e-history' })];
  for (let seq = 1; seq <= COUNT; seq++) {
    const text =
      seq === 5 ? 'the only quasar and 무지개 in the whole chat' : `message number ${seq}`;
    const from = { id: seq % 2 ? 'p-ada' : 'p-bob', name: seq % 2 ? 'Ada' : 'Bob' };
    lines.push(
      JSON.stringify({ type: 'chat', seq, id: `m${seq}`, from, text, at: START + seq * 60_000 }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One page is a round trip on 127.0.0.1: look again soon rather than after expect.poll's
 * default 100, 250, 500 ms steps, which the 28-page walks below would add up many times over.
 */
const PAGE_POLL = { intervals: [10, 25, 50, 100] };

let mode: BrowserMode;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'loopchat-history-e2e-'));
  writeFileSync(join(dataDir, 'history.jsonl'), historyFile());
  mode = await startBrowserMode({
    staticDir: rendererDir,
    dataDir,
    port: 0,
    pushIntervalMs: 60_000,
    print: () => undefined,
  });
});

test.afterEach(async () => {
  await mode.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(page: Page): Promise<Locator> {
  await page.goto(mode.openUrl);
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  const list = page.getByTestId('messages');
  await expect(list.locator(`[data-seq="${COUNT}"]`)).toBeVisible();
  return list;
}

/** The seq of the first chat row in the DOM (the oldest rendered). */
const firstRendered = (list: Locator) =>
  list.locator('[data-seq]').first().getAttribute('data-seq').then(Number);

/** Where the row `seq` is, from the top of the list's viewport (px). */
async function offsetInView(list: Locator, seq: number): Promise<number> {
  const [row, box] = await Promise.all([
    list.locator(`[data-seq="${seq}"]`).boundingBox(),
    list.boundingBox(),
  ]);
  if (!row || !box) throw new Error(`row ${seq} or the list has no box`);
  return row.y - box.y;
}

test('scrolling up pages in older history, the place held, back to the very first message', async ({
  page,
}) => {
  // 28 pages, each a round trip and a frame: a few seconds alone, far more on a busy machine.
  test.setTimeout(90_000);
  const list = await open(page);
  // A new window is given the newest 200 messages.
  const oldestHeld = COUNT - 200 + 1;
  await list.focus();
  await list.press('Home');
  // The page before it arrives above it…
  await expect(list.locator(`[data-seq="${oldestHeld - 1}"]`)).toBeAttached();
  // …and the reader still sees the row that was at the top, not the new page's first rows.
  const offset = await offsetInView(list, oldestHeld);
  expect(offset).toBeGreaterThanOrEqual(-80);
  expect(offset).toBeLessThan(200);
  await expect(list.locator(`[data-seq="${oldestHeld - 100}"]`)).not.toBeInViewport();

  for (let step = 0; step < 60; step++) {
    if (await list.locator('[data-seq="1"]').isVisible()) break;
    const before = await firstRendered(list);
    await list.press('Home');
    await expect.poll(() => firstRendered(list), PAGE_POLL).toBeLessThan(before);
  }
  await list.press('Home');
  await expect(list.locator('[data-seq="1"]')).toBeInViewport();
  await expect(list.locator('[data-seq="1"] [data-testid="text"]')).toHaveText('message number 1');
  // Nothing is older: the marker says so, above the first message.
  await expect(list.locator('[data-kind="start"]')).toBeInViewport();
  await expect(list.locator('[data-kind="start"]')).toHaveText(
    'Start of the chat: nothing is older',
  );
  // The pages far below went on the way up: a few pages are held, not 3,000 rows.
  const held = Number(await list.locator('[data-seq="1"]').getAttribute('aria-setsize'));
  expect(held).toBeLessThan(450);
});

/** The history requests the page sends, by type, and how many pages it has been answered. */
function historyFrames(page: Page): {
  sent: { type: string; seq?: number; afterSeq?: number }[];
  answered: () => number;
} {
  const sent: { type: string; seq?: number; afterSeq?: number }[] = [];
  let answered = 0;
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const frame = JSON.parse(payload) as { type: string; seq?: number; afterSeq?: number };
      if (frame.type.startsWith('page')) sent.push(frame);
    });
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('{"type":"page"')) answered += 1;
    });
  });
  return { sent, answered: () => answered };
}

test('jumping to the oldest result asks only for the page around it; reading down from there joins the newest', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { sent: frames, answered } = historyFrames(page);
  const list = await open(page);
  await page.keyboard.press('Control+f');
  await page.getByRole('searchbox').fill('quasar');
  await page.getByRole('searchbox').press('Enter');
  await page.getByTestId('search-results').getByRole('button').first().click();
  const five = list.locator('[data-seq="5"]');
  await expect(five).toHaveAttribute('data-highlight', 'true');
  await expect(five).toBeInViewport();
  await expect(page.getByText('Shown and highlighted in the chat.')).toBeVisible();
  // One request for the page around message 5, none for the 27 pages between it and the newest.
  expect(frames).toEqual([expect.objectContaining({ type: 'page-around', seq: 5 })]);
  // The window reaches the first message: the start marker is on top.
  await list.focus();
  await list.press('Home');
  await expect(list.locator('[data-kind="start"]')).toBeInViewport();

  // Reading down asks for the pages after the window, each arriving under it.
  const newest = list.locator(`[data-seq="${COUNT}"]`);
  for (let step = 0; step < 80; step++) {
    if ((await newest.count()) > 0) break;
    const asked = frames.length;
    await list.evaluate((element) => element.scrollBy(0, element.scrollHeight));
    // Either the next page was asked for, or the window has joined the newest messages.
    await expect
      .poll(async () => frames.length > asked || (await newest.count()) > 0, PAGE_POLL)
      .toBe(true);
    // Its answer is in before the next scroll (one page is asked for at a time).
    await expect.poll(answered, PAGE_POLL).toBe(frames.length);
  }
  expect(frames.slice(1).every((frame) => frame.type === 'page-after')).toBe(true);
  expect(frames.some((frame) => frame.type === 'page')).toBe(false);
  // Joined the newest: scrolling to the bottom shows the newest message, and the held rows
  // stayed bounded on the way (the pages far above went).
  await list.press('End');
  await expect(newest).toBeInViewport();
  expect(Number(await newest.getAttribute('aria-setsize'))).toBeLessThan(700);
});

test('More results pages the search, newest first, and says how many are shown', async ({
  page,
}) => {
  await open(page);
  await page.keyboard.press('Control+f');
  const box = page.getByRole('searchbox');
  // "message number 2…": 2, 20–29, 200–299 and 2000–2999, 1,111 in all.
  await box.fill('message number 2');
  await box.press('Enter');
  const results = page.getByTestId('search-results').getByRole('button');
  await expect(results).toHaveCount(20);
  await expect(page.getByText('20 shown, newest first; more are older.')).toBeVisible();
  await expect(results.first()).toHaveAttribute('data-seq', '2999');
  await page.getByRole('button', { name: 'More results' }).click();
  await expect(results).toHaveCount(40);
  await expect(page.getByText('40 shown, newest first; more are older.')).toBeVisible();
  await expect(results.nth(20)).toHaveAttribute('data-seq', '2979');
});

test('Ctrl+F finds a word only message 5 holds and shows it highlighted; Escape goes back to the newest', async ({
  page,
}) => {
  const list = await open(page);
  await page.keyboard.press('Control+f');
  const box = page.getByRole('searchbox', { name: 'Search the chat' });
  await expect(box).toBeFocused();
  await box.fill('QUASAR');
  await box.press('Enter');
  const results = page.getByTestId('search-results').getByRole('button');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('Ada');
  await expect(results.first().locator('mark')).toHaveText('quasar');
  await expect(page.getByText('1 found.')).toBeVisible();
  await results.first().click();
  const five = list.locator('[data-seq="5"]');
  await expect(five).toBeInViewport();
  await expect(five).toHaveAttribute('data-highlight', 'true');
  await expect(five.locator('[data-testid="text"]')).toHaveText(
    'the only quasar and 무지개 in the whole chat',
  );

  // Only the page around message 5 is held, not every page back to it (aria-setsize counts
  // the rows the list holds), and the newest messages are not among them.
  expect(Number(await five.getAttribute('aria-setsize'))).toBeLessThan(150);
  await expect(list.locator(`[data-seq="${COUNT}"]`)).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  const newest = list.locator(`[data-seq="${COUNT}"]`);
  await expect(newest).toBeInViewport();
  await expect(list.locator('[data-highlight]')).toHaveCount(0);
  // Back at the newest, the pages fetched on the way are let go: the newest 200 again.
  await expect
    .poll(async () => Number(await newest.getAttribute('aria-setsize')))
    .toBeLessThan(300);
});

test('a Korean window finds a Korean word only message 5 holds', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  const list = await open(page);
  await page.keyboard.press('Control+f');
  const box = page.getByRole('searchbox', { name: '채팅 검색' });
  await expect(box).toBeFocused();
  await box.fill('무지개');
  await box.press('Enter');
  await expect(page.getByText('1개를 찾았습니다.')).toBeVisible();
  const results = page.getByTestId('search-results').getByRole('button');
  await expect(results.first().locator('mark')).toHaveText('무지개');
  await results.first().click();
  await expect(list.locator('[data-seq="5"]')).toHaveAttribute('data-highlight', 'true');
  await expect(list.locator('[data-seq="5"]')).toBeInViewport();
  await expect(page.getByText('채팅에 표시하고 강조했습니다.')).toBeVisible();
  await context.close();
});

test('a search with nothing to find says so; one over the limit cannot be typed', async ({
  page,
}) => {
  await open(page);
  await page.keyboard.press('Control+f');
  const box = page.getByRole('searchbox');
  await box.fill('nowhere-to-be-found');
  await box.press('Enter');
  await expect(page.getByText('Nothing in the history holds “nowhere-to-be-found”.')).toBeVisible();
  await expect(box).toHaveAttribute('maxlength', '100');
});
