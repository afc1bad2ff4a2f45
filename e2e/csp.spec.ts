// The window's Content-Security-Policy, proven in a real browser: no inline script runs,
// WebSocket connections may go to the hub and nowhere else, and images show from the window's
// own blob: copies of attachments but not from anywhere else.

import { expect, test } from './fixtures';

test('the CSP blocks inline script and connections other than the hub', async ({
  openWindow,
  loopchat,
}) => {
  const page = await openWindow();
  const port = loopchat.hub.address?.port;
  const response = await page.request.get(loopchat.openUrl);
  expect(response.headers()['content-security-policy']).toContain(
    `connect-src ws://127.0.0.1:${port}`,
  );

  const violations = await page.evaluate(async () => {
    const seen: string[] = [];
    const expected = ['script-src-elem', 'script-src-attr', 'connect-src'];
    let allReported = (): void => undefined;
    const reported = new Promise<void>((resolve) => (allReported = resolve));
    const note = (directive: string) => {
      seen.push(directive);
      if (expected.every((d) => seen.some((s) => s.startsWith(d)))) allReported();
    };
    document.addEventListener('securitypolicyviolation', (e) => note(e.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    const link = document.createElement('a');
    link.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(link);
    link.click();
    try {
      new WebSocket('ws://127.0.0.1:9/elsewhere');
    } catch {
      note('connect-src (thrown)');
    }
    // Wait for the reports themselves, bounded: a missing one fails the assertions below.
    await Promise.race([reported, new Promise((resolve) => setTimeout(resolve, 5000))]);
    const w = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
    return { seen, inlineRan: w.__inlineRan === true, handlerRan: w.__handlerRan === true };
  });
  expect(violations.inlineRan).toBe(false);
  expect(violations.handlerRan).toBe(false);
  expect(violations.seen).toEqual(
    expect.arrayContaining([
      'script-src-elem',
      'script-src-attr',
      expect.stringMatching(/^connect-src/),
    ]),
  );
});

// A real 1×1 PNG.
const ONE_PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

test('an image attachment renders from its blob: URL; an image from elsewhere is blocked', async ({
  openWindow,
  loopchat,
}) => {
  const page = await openWindow();
  const response = await page.request.get(loopchat.openUrl);
  expect(response.headers()['content-security-policy']).toContain("img-src 'self' data: blob:");

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: ONE_PIXEL });
  await expect(page.locator('[data-testid="tray-item"][data-state="done"]')).toHaveCount(1);
  await page.getByTestId('composer').press('Enter');
  const thumbnail = page.getByTestId('thumbnail');
  await expect(thumbnail).toHaveAttribute('src', /^blob:/);
  // decode() rejects for an image the CSP blocked or the browser could not read.
  const width = await thumbnail.evaluate((img: HTMLImageElement) =>
    img.decode().then(
      () => img.naturalWidth,
      () => 0,
    ),
  );
  expect(width).toBe(1);

  const remote = await page.evaluate(async () => {
    const url = 'https://images.example/cat.png';
    const violation = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => {
        if (e.blockedURI === url) resolve(e.effectiveDirective);
      }),
    );
    const img = document.createElement('img');
    const failed = new Promise<boolean>((resolve) => {
      img.addEventListener('error', () => resolve(true));
      img.addEventListener('load', () => resolve(false));
    });
    img.src = url;
    document.body.append(img);
    return { directive: await violation, failed: await failed, width: img.naturalWidth };
  });
  expect(remote).toEqual({ directive: 'img-src', failed: true, width: 0 });
});
