// The console's admin controls: Stop / Start, the push interval and broadcast forms, the
// compression setting for new windows, and the heartbeat filter of the events list. Commands go through `command`, which reports a
// closed link itself.

import type { ConsoleCommand } from '../../../protocol/console';
import { byId } from '../ui/dom';

export function wireActions(command: (c: ConsoleCommand) => void): void {
  byId('stop-server', HTMLButtonElement).addEventListener('click', () =>
    command({ type: 'stop-server' }),
  );
  byId('start-server', HTMLButtonElement).addEventListener('click', () =>
    command({ type: 'start-server' }),
  );
  const intervalInput = byId('push-interval', HTMLInputElement);
  byId('interval-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    command({ type: 'set-push-interval', ms: Number(intervalInput.value) });
  });
  const deflateToggle = byId('deflate-toggle', HTMLInputElement);
  deflateToggle.addEventListener('change', () =>
    command({ type: 'set-deflate', on: deflateToggle.checked }),
  );
  const broadcastText = byId('broadcast-text', HTMLTextAreaElement);
  byId('broadcast-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const text = broadcastText.value.trim();
    if (!text) return;
    command({ type: 'broadcast', text });
    broadcastText.value = '';
  });
  const heartbeats = byId('show-heartbeats', HTMLInputElement);
  const eventsPanel = byId('console-events', HTMLOListElement).closest('section');
  heartbeats.addEventListener('change', () => {
    eventsPanel?.classList.toggle('hide-heartbeats', !heartbeats.checked);
  });
}
