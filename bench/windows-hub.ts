// The windows benchmark's hub: browser mode serving the built renderer and the bare page from
// one folder, with a data folder so it can be restarted on the same port and take its pages
// back (the catch-up measurement). One hub at a time; `restart` swaps it.

import type { Browser, Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../launcher/browser-mode';
import { BARE_PAGE } from './bare-page';
import type { HubTarget } from './windows-senders';

export type PageKind = 'loopchat' | 'bare';
export const KINDS: readonly PageKind[] = ['loopchat', 'bare'];

export class BenchHub {
  private constructor(
    public mode: BrowserMode,
    private readonly staticDir: string,
    private readonly dataDir: string,
  ) {}

  static async start(staticDir: string): Promise<BenchHub> {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopchat-bench-data-'));
    return new BenchHub(await BenchHub.launch(staticDir, dataDir, 0), staticDir, dataDir);
  }

  private static launch(staticDir: string, dataDir: string, port: number): Promise<BrowserMode> {
    return startBrowserMode({ staticDir, dataDir, port, pushIntervalMs: 3000, print: () => {} });
  }

  get port(): number {
    const port = this.mode.hub.address?.port;
    if (port === undefined) throw new Error('the hub is not listening');
    return port;
  }

  target(mode: BrowserMode = this.mode): HubTarget {
    const address = mode.hub.address;
    if (!address) throw new Error('the hub is not listening');
    return { url: address.url, token: mode.token, origin: new URL(address.pageUrl).origin };
  }

  pageUrl(kind: PageKind): string {
    if (kind === 'loopchat') return this.mode.openUrl;
    const address = this.mode.hub.address;
    if (!address) throw new Error('the hub is not listening');
    return `${address.pageUrl}${BARE_PAGE}#token=${this.mode.token}`;
  }

  /**
   * Stops the hub; `meanwhile` runs against another hub on the same data folder (on another
   * port, so the open pages cannot reach it); then the hub comes back on its own port.
   */
  async restart(meanwhile: (offline: HubTarget) => Promise<void>): Promise<void> {
    const port = this.port;
    await this.mode.hub.stop();
    const offline = await BenchHub.launch(this.staticDir, this.dataDir, 0);
    try {
      await meanwhile(this.target(offline));
    } finally {
      await offline.hub.stop();
    }
    this.mode = await BenchHub.launch(this.staticDir, this.dataDir, port);
    if (this.port !== port) throw new Error(`the hub came back on ${this.port}, not ${port}`);
  }

  async stop(): Promise<void> {
    await this.mode.hub.stop();
  }
}

/** A page of `kind` in a context of its own (its own storage, as a new window has), OPEN. */
export async function openPage(
  browser: Browser,
  hub: BenchHub,
  kind: PageKind,
  before?: (page: Page) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await before?.(page);
  await page.goto(hub.pageUrl(kind));
  await page.getByTestId('ready-state').filter({ hasText: 'OPEN' }).waitFor({ timeout: 30_000 });
  return page;
}
