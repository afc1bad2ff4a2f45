// Files and images between two windows in Chromium: an image larger than one frame shows as a
// thumbnail, a 5 MiB file saves byte-identical (SHA-256 compared), both are still there after a
// reload; a file over the limit is refused with its message and nothing sent; an upload cut
// by a hub stop completes after the restart; the sender's pending message names its files and a
// receiver sees a file arriving, without Save, until it is whole.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { startBrowserMode } from '../launcher/browser-mode';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { expect, rendererDir, send, test } from './fixtures';

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

test('an upload cut by a hub stop completes by itself after the restart', async ({ browser }) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-files-restart-'));
  const start = (port: number) =>
    startBrowserMode({ staticDir: rendererDir, dataDir, port, print: () => undefined });
  const first = await start(0);
  const port = first.hub.address?.port ?? 0;
  const context = await browser.newContext();
  try {
    const ada = await context.newPage();
    await ada.goto(first.openUrl);
    await expect(ada.getByTestId('ready-state')).toHaveText('OPEN (1)');
    // The hub stops the moment it has accepted the upload: its bytes are still on the way.
    const stopped = new Promise<void>((resolve) => {
      const unsubscribe = first.hub.subscribe((event) => {
        if (event.kind !== 'upload' || event.upload.state !== 'accepted') return;
        unsubscribe();
        void first.hub.stop().then(resolve);
      });
    });
    const file = bytesOf(3 * 1024 * 1024 + 7);
    await attach(ada, 'cut.bin', file, 'application/octet-stream');
    await stopped;
    await expect(ada.getByTestId('tray-item')).not.toHaveAttribute('data-state', 'done');
    const second = await start(port);
    try {
      await ada.getByRole('button', { name: 'Reconnect now' }).click({ force: true });
      await expect(ada.locator('[data-testid="tray-item"][data-state="done"]')).toHaveCount(1, {
        timeout: 30_000,
      });
      await send(ada, 'after the restart');
      const save = ada.locator('[data-testid="attachments"] [data-testid="save"]').last();
      await expect(save).toBeVisible({ timeout: 30_000 });
      const download = ada.waitForEvent('download');
      await save.click();
      expect(sha(readFileSync(await (await download).path()))).toBe(sha(file));
    } finally {
      await second.stop();
    }
  } finally {
    await context.close();
    await first.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A page of the hub whose WebSocket runs through `route` (set before the page connects). */
async function routedWindow(
  browser: Browser,
  openUrl: string,
  route: (page: WebSocketRoute, hub: WebSocketRoute) => void,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.routeWebSocket(
    (url) => url.protocol === 'ws:',
    (ws) => route(ws, ws.connectToServer()),
  );
  await page.goto(openUrl);
  await expect(page.getByTestId('ready-state')).toHaveText('OPEN (1)');
  return { page, context };
}

const typeOf = (frame: string): unknown => (JSON.parse(frame) as { type?: unknown }).type;

test('the sender sees its files in the pending message; a receiver sees them arriving before Save', async ({
  browser,
  loopchat,
}) => {
  test.setTimeout(60_000);
  const file = bytesOf(ATTACHMENT_LIMITS.chunkBytes * 4);
  const image = bytesOf(2_000, true);

  // Ada's chat frames wait here until the test lets them go: her message stays pending.
  let holdChat = true;
  const heldChats: string[] = [];
  let releaseChats = (): void => undefined;
  const ada = await routedWindow(browser, loopchat.openUrl, (page, hub) => {
    releaseChats = () => {
      holdChat = false;
      for (const frame of heldChats.splice(0)) hub.send(frame);
    };
    page.onMessage((frame) => {
      if (holdChat && typeof frame === 'string' && typeOf(frame) === 'chat') heldChats.push(frame);
      else hub.send(frame);
    });
  });
  // Bob gets the first chunk of data.bin, then the rest waits here.
  const downloadOf = new Map<number, string>();
  let holdChunks = true;
  const heldChunks: Buffer[] = [];
  let passedChunks = 0;
  let releaseChunks = (): void => undefined;
  const bob = await routedWindow(browser, loopchat.openUrl, (page, hub) => {
    releaseChunks = () => {
      holdChunks = false;
      for (const frame of heldChunks.splice(0)) page.send(frame);
    };
    hub.onMessage((frame) => {
      if (typeof frame === 'string') {
        const message = JSON.parse(frame) as {
          type: string;
          download?: number;
          attachment?: { sha256: string };
        };
        if (message.type === 'attachment-start' && message.download && message.attachment)
          downloadOf.set(message.download, message.attachment.sha256);
        return page.send(frame);
      }
      const ofFile = downloadOf.get(frame.readUInt32BE(4)) === sha(file);
      if (ofFile && holdChunks && (passedChunks += 1) > 1) heldChunks.push(frame);
      else page.send(frame);
    });
  });
  try {
    await attach(ada.page, 'data.bin', file, 'application/octet-stream');
    await attach(ada.page, 'dot.png', image, 'image/png');
    await expect(ada.page.locator('[data-testid="tray-item"][data-state="done"]')).toHaveCount(2);
    await send(ada.page, 'two files');

    // Sent, not yet confirmed: the pending row names both files.
    const pending = ada.page.locator('[data-pending="true"]');
    await expect(pending.getByTestId('text')).toHaveText('two files');
    await expect(pending.getByTestId('pending-files').getByTestId('file-name')).toHaveText([
      'data.bin',
      'dot.png',
    ]);
    await expect.poll(() => heldChats.length).toBe(1);
    releaseChats();
    const confirmed = ada.page.locator('[data-testid="messages"] li[data-seq]').last();
    await expect(confirmed.getByTestId('attachments').getByTestId('file-name')).toHaveText([
      'data.bin',
      'dot.png',
    ]);
    await expect(ada.page.getByTestId('pending-files')).toHaveCount(0);

    // Bob holds a quarter of data.bin: it is arriving, and cannot be saved yet.
    const attachments = bob.page.locator('[data-testid="attachments"]').last();
    const dataItem = attachments.locator('[data-kind="file"]');
    await expect(dataItem).toContainText('Arriving… 25%');
    await expect(dataItem.getByTestId('save')).toHaveCount(0);
    await expect(attachments.getByTestId('thumbnail')).toBeVisible();
    releaseChunks();
    await expect(dataItem.getByTestId('save')).toBeVisible();
    await expect(dataItem).not.toContainText('Arriving');
    const download = bob.page.waitForEvent('download');
    await dataItem.getByTestId('save').click();
    expect(sha(readFileSync(await (await download).path()))).toBe(sha(file));
  } finally {
    await ada.context.close();
    await bob.context.close();
  }
});
