// The window's Content-Security-Policy, proven in a real browser: no inline script runs, and
// WebSocket connections may go to the hub and nowhere else.

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
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
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
      seen.push('connect-src (thrown)');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
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
