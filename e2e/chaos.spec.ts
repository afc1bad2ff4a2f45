// Three windows send continuously while the hub is stopped and started three times and one
// window reloads. At the end every window shows every message exactly once, in one order.

import type { Page } from '@playwright/test';
import { expect, send, test } from './fixtures';

const PER_WINDOW = 15;
const RESTARTS = 3;

test.setTimeout(120_000);

/** What a window shows: its sequenced chat texts in order, and how many are still pending. */
async function shown(page: Page) {
  const list = page.getByTestId('messages');
  const sequenced = await list.locator('[data-seq]').evaluateAll((entries) =>
    entries.map((e) => ({
      seq: Number(e.getAttribute('data-seq')),
      text: e.querySelector('[data-testid="text"]')?.textContent ?? '',
    })),
  );
  return { sequenced, pending: await list.locator('[data-pending="true"]').count() };
}

test('no message is lost or shown twice through hub restarts and a reload', async ({
  openWindow,
  loopchat,
}) => {
  const windows = await Promise.all([openWindow(), openWindow(), openWindow()]);
  // Tall enough that a windowed list renders every row of this conversation.
  for (const page of windows) await page.setViewportSize({ width: 900, height: 4000 });

  const sent: string[] = [];
  const sending = windows.map(async (page, w) => {
    for (let i = 0; i < PER_WINDOW; i++) {
      if (w === 2 && i === Math.floor(PER_WINDOW / 2)) {
        // A reload mid-conversation: the outbox and the chat survive it.
        await page.reload();
        await expect(page.getByTestId('composer')).toBeVisible();
      }
      const text = `w${w} #${i}`;
      await send(page, text);
      sent.push(text);
      await page.waitForTimeout(60 + 40 * w);
    }
  });
  const chaos = (async () => {
    for (let r = 0; r < RESTARTS; r++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await loopchat.hub.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await loopchat.hub.start();
    }
  })();
  await Promise.all([...sending, chaos]);
  expect(sent).toHaveLength(3 * PER_WINDOW);

  // Nudge any window waiting out its backoff, then let everything settle.
  for (const page of windows) {
    // Forced: a window that already reconnected has the button disabled, and that is fine.
    await page.getByRole('button', { name: 'Reconnect now' }).click({ force: true });
    await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 20_000 });
  }
  for (const page of windows) {
    await expect
      .poll(async () => shown(page), { timeout: 30_000 })
      .toMatchObject({ pending: 0, sequenced: { length: sent.length } });
  }

  const views = await Promise.all(windows.map(shown));
  const reference = views[0]?.sequenced ?? [];
  // Exactly once: every sent text appears once; gap-free sequence numbers.
  expect(reference.map((m) => m.text).sort()).toEqual([...sent].sort());
  expect(reference.map((m) => m.seq)).toEqual(reference.map((_, i) => i + 1));
  // In one order: every window shows the same sequence.
  for (const view of views) expect(view.sequenced).toEqual(reference);
  // And each window's own messages keep the order they were typed in.
  for (let w = 0; w < 3; w++) {
    const mine = reference.map((m) => m.text).filter((t) => t.startsWith(`w${w} `));
    expect(mine).toEqual([...Array(PER_WINDOW).keys()].map((i) => `w${w} #${i}`));
  }
});
