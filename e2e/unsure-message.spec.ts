// A message that may have reached the hub before the oldest message whose id the hub still
// remembers is not resent by itself (it could show twice); the window says so and offers
// "Send again". Set up as a reload would find it: an unacknowledged message in the outbox,
// sent after seq 0 of this history, while the hub has since moved past 2,000 messages.

import { expect, test } from './fixtures';

test('a message that may not have arrived waits for "Send again", then shows once', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const { history } = loopchat.hub;
  for (let i = 1; i <= 2001; i++) history.append(`filler-${i}`, { id: 'f', name: 'Filler' }, 'x');
  const latestBefore = history.latestSeq;
  const other = await openWindow();

  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const outbox = [
      {
        id: 'maybe-sent-1',
        text: 'did this arrive?',
        createdAt: Date.now(),
        after: { historyId: history.id, lastSeq: 0 },
      },
    ];
    await page.addInitScript((stored: string) => {
      if (sessionStorage.getItem('loopchat.windowKey')) return; // only the first load
      sessionStorage.setItem('loopchat.windowKey', 'e2e-window');
      sessionStorage.setItem('loopchat.e2e-window.outbox', stored);
    }, JSON.stringify(outbox));
    await page.goto(loopchat.openUrl);
    await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');

    const unsure = page.locator('[data-pending="unsure"]', { hasText: 'did this arrive?' });
    await expect(unsure).toContainText('not sent — may not have arrived');
    expect(history.latestSeq).toBe(latestBefore); // not resent by itself

    await unsure.getByRole('button', { name: 'Send again' }).click();
    const sent = page.locator('[data-kind="own"][data-seq]', { hasText: 'did this arrive?' });
    await expect(sent).toHaveCount(1);
    await expect(page.locator('[data-pending]')).toHaveCount(0);
    await expect(
      other.locator('[data-kind="other"][data-seq]', { hasText: 'did this arrive?' }),
    ).toHaveCount(1);
    expect(history.latestSeq).toBe(latestBefore + 1);
  } finally {
    await context.close();
  }
});
