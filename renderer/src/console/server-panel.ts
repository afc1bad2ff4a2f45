// The console's Server panel: address, running or stopped, uptime and push interval, whether
// new windows are offered compression, and which of Stop / Start may be pressed (only one, and
// only while the console link is open).

import type { ServerInfo } from '../../../protocol/console';
import { formatDuration } from '../format';
import { t } from '../i18n';
import { byId } from '../ui/dom';

export interface ServerPanel {
  /** A fresh ServerInfo from the hub (snapshot or change). */
  take(next: ServerInfo): void;
  setLinkOpen(open: boolean): void;
}

export function mountServerPanel(): ServerPanel {
  const address = byId('console-address', HTMLElement);
  const status = byId('console-status', HTMLElement);
  const uptime = byId('console-uptime', HTMLElement);
  const interval = byId('console-push-interval', HTMLElement);
  const stopButton = byId('stop-server', HTMLButtonElement);
  const startButton = byId('start-server', HTMLButtonElement);
  const intervalInput = byId('push-interval', HTMLInputElement);
  const deflateToggle = byId('deflate-toggle', HTMLInputElement);

  let server: ServerInfo | null = null;
  /** Hub clock minus ours, so uptime ticks without depending on the two clocks agreeing. */
  let clockOffset = 0;
  let linkOpen = false;

  function tick(): void {
    if (server) uptime.textContent = formatDuration(Date.now() + clockOffset - server.startedAt);
  }
  window.setInterval(tick, 1000);

  function show(): void {
    const running = server?.running ?? false;
    stopButton.disabled = !linkOpen || !running;
    startButton.disabled = !linkOpen || running;
    deflateToggle.disabled = !linkOpen || !server;
    if (!server) return;
    deflateToggle.checked = server.deflateForWindows;
    address.textContent = server.url;
    status.textContent = t(running ? 'console.running' : 'console.stopped');
    status.dataset.running = String(running);
    interval.textContent = t('conn.ms', { ms: server.pushIntervalMs });
    interval.dataset.ms = String(server.pushIntervalMs);
    // Not while the user is typing a new value into it.
    if (document.activeElement !== intervalInput)
      intervalInput.value = String(server.pushIntervalMs);
    tick();
  }

  return {
    take(next) {
      server = next;
      clockOffset = next.now - Date.now();
      show();
    },
    setLinkOpen(open) {
      linkOpen = open;
      show();
    },
  };
}
