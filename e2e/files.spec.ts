// Files and images between two windows in Chromium: an image larger than one frame shows as a
// thumbnail, a 5 MiB file saves byte-identical (SHA-256 compared), both are still there after a
// reload, and a file over the limit is refused with its message and nothing sent.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { expect, send, test } from './fixtures';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `size` bytes of a pattern, as a PNG when `png` (a real 1×1 PNG head, then padding). */
function bytesOf(size: number, png = false): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >> 8)) & 0xff;
  if (png) {
    const onePixel = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    onePixel.copy(bytes);
  }
  return bytes;
}

async function attach(page: Page, name: string, buffer: Buffer, mimeType: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer });
}

test('an image and a 5 MiB file reach the other window byte-identical, and stay after a reload', async ({
  openWindow,
}) => {
  test.setTimeout(90_000);
  const [ada, bob] = [await openWindow(), await openWindow()];
  const image = bytesOf(ATTACHMENT_LIMITS.chunkBytes * 2 + 500, true);
  const file = bytesOf(5 * 1024 * 1024);
  await attach(ada, 'cat.png', image, 'image/png');
  await attach(ada, 'data.bin', file, 'application/octet-stream');
  await expect(ada.getByTestId('tray-item')).toHaveCount(2);
  await expect(ada.locator('[data-testid="tray-item"][data-state="done"]')).toHaveCount(2, {
    timeout: 30_000,
  });
  await send(ada, 'two files');

  const attachments = bob.locator('[data-testid="attachments"]').last();
  await expect(attachments.getByTestId('thumbnail')).toBeVisible({ timeout: 30_000 });
  const saveFile = attachments.locator('[data-kind="file"] [data-testid="save"]');
  await expect(saveFile).toBeVisible({ timeout: 30_000 });
  const download = bob.waitForEvent('download');
  await saveFile.click();
  const saved = readFileSync(await (await download).path());
  expect(sha(saved)).toBe(sha(file));

  const savedImage = bob.waitForEvent('download');
  await attachments.locator('[data-kind="png"] [data-testid="save"]').click();
  expect(sha(readFileSync(await (await savedImage).path()))).toBe(sha(image));

  // Opens full size.
  await attachments.getByRole('button', { name: 'Open cat.png full size' }).click();
  await expect(bob.getByTestId('image-viewer')).toBeVisible();

  await bob.reload();
  const again = bob.locator('[data-testid="attachments"]').last();
  await expect(again.getByTestId('thumbnail')).toBeVisible({ timeout: 30_000 });
  await expect(again.locator('[data-kind="file"] [data-testid="save"]')).toBeVisible({
    timeout: 30_000,
  });
});

test('a file over the limit is refused with its message and nothing is sent', async ({
  openWindow,
}) => {
  const ada = await openWindow();
  const frames: string[] = [];
  ada.on('websocket', (ws) => ws.on('framesent', (frame) => frames.push(String(frame.payload))));
  const big = Buffer.alloc(ATTACHMENT_LIMITS.maxFileBytes + 1);
  await attach(ada, 'huge.iso', big, 'application/octet-stream');
  await expect(ada.locator('#composer-status')).toHaveText(
    '"huge.iso" is over 25.0 MiB, the limit for one file; nothing was sent',
  );
  await expect(ada.getByTestId('tray-item')).toHaveCount(0);
  expect(frames.filter((f) => f.includes('upload-offer'))).toEqual([]);
});
