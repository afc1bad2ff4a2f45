// A burst of 10,000 messages through the real hub into a window: the list is windowed, so the
// DOM stays small, the newest message is shown, and the oldest is reached by scrolling up.
// (How fast it renders is measured by `npm run bench:windows`, never asserted here.)

import type { Page } from '@playwright/test';
import { join } from '../hub/test/test-client';
import { expect, test, type Fixtures } from './fixtures';

// The hub allows each connection a burst of 200 messages: 50 senders send 10,000 at once.
const SENDERS = 50;
const PER_SENDER = 200;
const TOTAL = SENDERS * PER_SENDER;

test.setTimeout(180_000);

/** Every 7th message is long, multi-line Korean, so rows have very different heights. */
function textFor(sender: number, i: number): string {
  const label = `burst ${sender}-${i}`;
  if (i % 7 !== 3) return label;
  return `${label}\n${'안녕하세요, 여러 줄로 감싸지는 긴 메시지입니다. '.repeat(6)}\n끝`;
}

/**
 * Joins `SENDERS` hub clients (they stay connected, so no "left" note lands under the burst)
 * and sends PER_SENDER chats from each at once. Returns the clients, to send more or close.
 */
async function burst(loopchat: Fixtures['loopchat']) {
  const address = loopchat.hub.address;
  if (!address) throw new Error('hub not started');
  const origin = new URL(address.pageUrl).origin;
  const clients = await Promise.all(
    Array.from({ length: SENDERS }, (_, s) =>
      join(address.url, loopchat.token, `sender ${s}`, null, undefined, origin),
    ),
  );
  // They would receive all 10,000 chats each: this test does not need to parse them.
  for (const client of clients) client.ws.removeAllListeners('message');
  for (const [s, client] of clients.entries()) {
    for (let i = 0; i < PER_SENDER; i++) {
      client.send({ type: 'chat', id: `s${s}-m${i}`, text: textFor(s, i) });
    }
  }
  return clients;
}

/** Sequence numbers of the chat rows that intersect the list's viewport. */
function visibleSeqs(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="messages"]');
    if (!list) return [];
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll<HTMLElement>('[data-seq]')]
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      })
      .map((row) => Number(row.dataset.seq));
  });
}

test('10,000 messages: the newest is shown, the first is reached by scrolling, the DOM stays small', async ({
  openWindow,
  loopchat,
}) => {
  const page = await openWindow();
  const list = page.getByTestId('messages');

  const senders = await burst(loopchat);
  const newest = list.locator(`[data-seq="${TOTAL}"]`);
  await expect(newest).toBeVisible({ timeout: 60_000 });
  await expect(newest.getByTestId('text')).toHaveText(/^burst \d+-\d+/);

  // Windowed: a few dozen rows are in the DOM, not ten thousand.
  const elements = await list.evaluate((node) => node.querySelectorAll('*').length);
  expect(elements).toBeGreaterThan(10);
  expect(elements).toBeLessThan(1000);
  // Rows tell assistive technology where they are in the whole list.
  const last = list.locator('li').last();
  const setSize = Number(await last.getAttribute('aria-setsize'));
  expect(setSize).toBeGreaterThan(TOTAL);
  expect(await last.getAttribute('aria-posinset')).toBe(String(setSize));

  // Keyboard: Home on the focused list reaches the very first row (the senders' "joined"
  // notes come first), and PageDown from there the first message.
  await list.focus();
  await list.press('Home');
  await expect(list.locator('li').first()).toHaveAttribute('aria-posinset', '1');
  const first = list.locator('[data-seq="1"]');
  await expect
    .poll(
      async () => {
        // In the list's view, not only rendered: overscan renders rows below the view too.
        if ((await visibleSeqs(page)).includes(1)) return true;
        await list.press('PageDown');
        return false;
      },
      // A bound for a stuck list: under load each press waits on a render.
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(first.getByTestId('text')).toHaveText(/^burst \d+-0/);
  expect(await list.evaluate((node) => node.querySelectorAll('*').length)).toBeLessThan(1000);

  // Scrolling down screen by screen shows every message in order, none skipped.
  const seen: number[] = [];
  for (let screen = 0; screen < 12; screen++) {
    await expect.poll(async () => (await visibleSeqs(page)).length).toBeGreaterThan(0);
    seen.push(...(await visibleSeqs(page)));
    await list.evaluate((node) => node.scrollBy(0, node.clientHeight - 40));
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  }
  const unique = [...new Set(seen)].sort((a, b) => a - b);
  expect(unique[0]).toBe(1);
  expect(unique).toEqual(unique.map((_, i) => i + 1));

  // Scrolled up, a new message does not pull the reader down: a pill counts it instead.
  const topSeq = (await visibleSeqs(page))[0];
  senders[0]?.send({ type: 'chat', id: 'one-more', text: 'one more' });
  const pill = page.getByTestId('new-messages');
  await expect(pill).toBeVisible();
  await expect(pill).toHaveText(/1/);
  expect((await visibleSeqs(page))[0]).toBe(topSeq);
  await pill.click();
  await expect(list.locator(`[data-seq="${TOTAL + 1}"]`)).toBeVisible();
  await expect(pill).toBeHidden();
  await Promise.all(senders.map((client) => client.close()));
});
