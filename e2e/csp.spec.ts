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
