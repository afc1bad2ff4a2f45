// Network conditions from the server console (browser mode): a window's flood drains by itself
// on a plain network; paused from the console, it piles up in the window's bufferedAmount,
// which drains once the console lifts the pause.

import { openConsole, rowOf } from './console-page';
import { expect, rename, test } from './fixtures';

test.describe.configure({ timeout: 120_000 });

test('a pause from the console makes a flood pile up in the window, until it is lifted', async ({
  browser,
  loopchat,
  openWindow,
}) => {
  const ada = await openWindow();
  await rename(ada, 'Ada');
  const buffered = ada.getByTestId('buffered-amount');
  await expect(buffered).toHaveText('0 B (bufferedAmount)');
  const result = ada.getByTestId('flood-result');
  // On a plain network the hub keeps reading: whatever piled up (a busy hub may fall behind for
  // a moment) drains by itself.
  await ada.getByRole('button', { name: 'Flood' }).click();
  await expect(result).toHaveAttribute('data-outcome', /^(drained|grew)$/, { timeout: 30_000 });
  await expect(buffered).toHaveText('0 B (bufferedAmount)', { timeout: 30_000 });
  const console = await openConsole(browser, loopchat);
  const row = rowOf(console, 'Ada');
  await row.getByLabel('Network condition').selectOption('pause');
  await expect(row.getByLabel('Amount')).toBeDisabled();
  await row.getByLabel('Seconds (at most 60)').fill('60');
  await row.getByRole('button', { name: 'Apply' }).click();
  await expect(row.locator('[data-cell-part="network"]')).toContainText(
    'a pause (nothing read or written) until',
  );
  await expect(
    console.getByTestId('console-events').locator('li[data-event="network"]').first(),
  ).toContainText('under a pause (nothing read or written) for 60 s');

  await expect(ada.getByRole('button', { name: 'Flood' })).toBeEnabled();
  await ada.getByRole('button', { name: 'Flood' }).click();
  await expect(result).toHaveAttribute('data-outcome', 'grew', { timeout: 30_000 });
  await expect(result).toContainText('the hub is not reading');
  // The live figure shows the pile, and it stays while the hub does not read.
  await expect
    .poll(async () => Number(await buffered.getAttribute('data-bytes')))
    .toBeGreaterThanOrEqual(1024 * 1024);

  await row.getByRole('button', { name: 'Lift' }).click();
  await expect(
    console.getByTestId('console-events').locator('li[data-event="network-lifted"]').first(),
  ).toContainText('is back to a plain network');
  await expect(buffered).toHaveText('0 B (bufferedAmount)', { timeout: 30_000 });
  await expect(row.locator('[data-cell-part="network"]')).toHaveText('plain');
  await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
});
