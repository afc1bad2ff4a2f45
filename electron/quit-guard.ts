// Holds the app's quit until the hub has stopped, so every window's WebSocket is closed with
// 1001 (going away) by the hub rather than dropped as 1006 when the process exits.

import type { AppApi } from './electron-api';

export interface QuitGuardOptions {
  stopHub(): Promise<void>;
  log(line: string): void;
  /** Quit anyway after this long: a stuck hub must not keep the app alive. */
  capMs?: number;
}

type State = 'running' | 'stopping' | 'stopped';

export function stopHubBeforeQuit(
  app: Pick<AppApi, 'on' | 'quit'>,
  options: QuitGuardOptions,
): void {
  const capMs = options.capMs ?? 5000;
  let state: State = 'running';

  const stopWithCap = async () => {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<'cap'>((resolve) => {
      timer = setTimeout(() => resolve('cap'), capMs);
    });
    try {
      const outcome = await Promise.race([options.stopHub().then(() => 'stopped' as const), cap]);
      if (outcome === 'cap') options.log(`[app] the hub did not stop within ${capMs} ms; quitting`);
    } finally {
      clearTimeout(timer);
    }
  };

  const hold = (event: { preventDefault(): void }) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    stopWithCap()
      .catch((err: unknown) => options.log(`[app] the hub failed to stop: ${String(err)}`))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  };

  // before-quit covers menu/Cmd+Q/last window; will-quit also catches quits that skip it.
  app.on('before-quit', hold);
  app.on('will-quit', hold);
}
