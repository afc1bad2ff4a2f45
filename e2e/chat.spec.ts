import { expect, rename, send, test } from './fixtures';

test('two windows chat both ways, own and others’ messages look different', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await rename(ada, 'Ada');
  await rename(bob, 'Bob');

  await send(ada, 'hello from Ada');
  const inBob = bob
    .getByTestId('messages')
    .locator('[data-kind="other"]', { hasText: 'hello from Ada' });
  await expect(inBob).toBeVisible();
  await expect(inBob.getByTestId('author')).toHaveText('Ada');
  const inAda = ada
    .getByTestId('messages')
    .locator('[data-kind="own"]', { hasText: 'hello from Ada' });
  await expect(inAda).toBeVisible();
  await expect(inAda).not.toHaveAttribute('data-pending', 'true');

  await send(bob, '안녕하세요, Ada');
  await expect(
    ada.getByTestId('messages').locator('[data-kind="other"]', { hasText: '안녕하세요, Ada' }),
  ).toBeVisible();
  // Both windows show the same conversation in the same order.
  const texts = (page: typeof ada) =>
    page.getByTestId('messages').locator('[data-seq] [data-testid="text"]').allTextContents();
  await expect.poll(() => texts(ada)).toEqual(['hello from Ada', '안녕하세요, Ada']);
  expect(await texts(bob)).toEqual(['hello from Ada', '안녕하세요, Ada']);
});

test('message text is shown as text, never run as HTML', async ({ openWindow }) => {
  const ada = await openWindow();
  const bob = await openWindow();
  const payload = '<img src=x onerror="document.title=\'pwned\'"><b>bold?</b>';
  await send(ada, payload);
  const entry = bob.getByTestId('messages').locator('[data-kind="other"]').last();
  await expect(entry.getByTestId('text')).toHaveText(payload);
  expect(
    await bob.locator('[data-testid="messages"] img, [data-testid="messages"] b').count(),
  ).toBe(0);
  expect(await bob.title()).not.toBe('pwned');
});

test('a server push appears in every window', async ({ openWindow }) => {
  const ada = await openWindow();
  const bob = await openWindow();
  for (const page of [ada, bob]) {
    await expect(page.getByTestId('messages').locator('[data-kind="push"]').first()).toContainText(
      '2 online',
    );
  }
});

test('names and presence update in every window', async ({ openWindow }) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await rename(bob, 'Bob');
  await expect(ada.getByTestId('peers').locator('li', { hasText: 'Bob' })).toBeVisible();
  await rename(bob, 'Robert');
  await expect(ada.getByTestId('peers').locator('li', { hasText: 'Robert' })).toBeVisible();
  await expect(ada.getByTestId('peers').locator('li')).toHaveCount(2);
  await bob.close();
  await expect(ada.getByTestId('peers').locator('li')).toHaveCount(1);
  await expect(
    ada.getByTestId('messages').locator('[data-kind="system"]', { hasText: 'Robert' }).last(),
  ).toContainText('left');
});

test('two windows renamed to the same name are shown with different names and colours', async ({
  openWindow,
}) => {
  const first = await openWindow();
  const second = await openWindow();
  await rename(first, 'Sam');
  await second.getByRole('button', { name: 'Rename' }).click();
  await second.getByLabel('Your name').fill('Sam');
  await second.getByLabel('Your name').press('Enter');
  // The hub keeps names unique among those online; the window takes the name it is given.
  await expect(second.getByTestId('my-name')).toHaveText('Sam (2)');
  for (const window of [first, second]) {
    const names = window.getByTestId('peers').locator('.peer-name');
    await expect
      .poll(async () => (await names.allTextContents()).sort())
      .toEqual(['Sam', 'Sam (2)']);
  }
  // Each person's dot in the list has its own colour.
  const dots = await first
    .getByTestId('peers')
    .locator('li')
    .evaluateAll((items) => items.map((li) => getComputedStyle(li, '::before').backgroundColor));
  expect(new Set(dots).size).toBe(2);
});

test('the connection panel shows OPEN, CLOSED 1001 when the hub stops, and OPEN again when it returns', async ({
  openWindow,
  loopchat,
}) => {
  const ada = await openWindow();
  const bob = await openWindow();
  await loopchat.hub.stop();
  for (const page of [ada, bob]) {
    await expect(page.getByTestId('ready-state')).toHaveText('CLOSED (3)');
    await expect(page.getByTestId('close-code')).toHaveText('1001');
    await expect(page.getByTestId('reconnect')).toContainText(/reconnect/i);
  }
  // Typed while the hub is down: kept, marked pending, delivered once it is back.
  await send(ada, 'sent while offline');
  const pending = ada
    .getByTestId('messages')
    .locator('[data-kind="own"]', { hasText: 'sent while offline' });
  await expect(pending).toHaveAttribute('data-pending', 'true');

  await loopchat.hub.start();
  await ada.getByRole('button', { name: 'Reconnect now' }).click({ force: true });
  for (const page of [ada, bob]) {
    await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)', { timeout: 20_000 });
  }
  await expect(pending).not.toHaveAttribute('data-pending', 'true');
  await expect(
    bob.getByTestId('messages').locator('[data-kind="other"]', { hasText: 'sent while offline' }),
  ).toHaveCount(1);
});
