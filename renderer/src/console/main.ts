// Entry point of the server console page: the hub's side of every connection, live, and
// the admin actions. Same config as a window: the Electron bridge, or the page's own URL.

import type { ConsoleCommand, ConsoleMessage, ServerInfo } from '../../../protocol/console';
import { loadConfig } from '../config';
import { describeCloseCode } from '../../../protocol/close-codes';
import { describeReadyState, readyStateLabel, READY_STATES } from '../connection/ready-state';
import { pageStorage, randomId } from '../platform';
import { formatDuration } from '../format';
import { byId } from '../ui/dom';
import { createClientsTable } from './clients-table';
import { connectConsoleSocket, type LinkState } from './console-socket';
import { createEventsList } from './events-list';
import { mountLab } from './lab';

function showProblem(problem: string): void {
  const box = byId('problem', HTMLParagraphElement);
  box.textContent = problem;
  box.hidden = false;
}

function mount(config: { hubUrl: string; token: string }): void {
  const address = byId('console-address', HTMLElement);
  const status = byId('console-status', HTMLElement);
  const uptime = byId('console-uptime', HTMLElement);
  const interval = byId('console-push-interval', HTMLElement);
  const result = byId('console-result', HTMLElement);
  const stopButton = byId('stop-server', HTMLButtonElement);
  const startButton = byId('start-server', HTMLButtonElement);
  const intervalInput = byId('push-interval', HTMLInputElement);
  const broadcastText = byId('broadcast-text', HTMLTextAreaElement);
  const eventsPanel = byId('console-events', HTMLOListElement);
  const events = createEventsList(eventsPanel, byId('event-count', HTMLElement));
  const clients = createClientsTable(
    byId('console-clients', HTMLTableSectionElement),
    byId('client-count', HTMLElement),
    (request) => command({ type: 'disconnect', ...request }),
  );

  let server: ServerInfo | null = null;
  /** Hub clock minus ours, so uptime ticks without depending on the two clocks agreeing. */
  let clockOffset = 0;
  let linkOpen = false;

  function say(text: string, kind: 'ok' | 'error'): void {
    result.textContent = text;
    result.dataset.kind = kind;
  }

  function command(c: ConsoleCommand): void {
    if (!socket.send(c)) say('Not connected to the hub; try again when the link is OPEN.', 'error');
  }

  function showServer(): void {
    const running = server?.running ?? false;
    stopButton.disabled = !linkOpen || !running;
    startButton.disabled = !linkOpen || running;
    if (!server) return;
    address.textContent = server.url;
    status.textContent = running
      ? 'Running: windows can connect'
      : 'Stopped: windows are refused (HTTP 503) until you start it';
    status.dataset.running = String(running);
    interval.textContent = `${server.pushIntervalMs} ms`;
    interval.dataset.ms = String(server.pushIntervalMs);
    if (document.activeElement !== intervalInput)
      intervalInput.value = String(server.pushIntervalMs);
    tick();
  }

  function tick(): void {
    if (server) uptime.textContent = formatDuration(Date.now() + clockOffset - server.startedAt);
  }
  window.setInterval(tick, 1000);

  function takeServer(next: ServerInfo): void {
    server = next;
    clockOffset = next.now - Date.now();
    showServer();
  }

  function onMessage(message: ConsoleMessage): void {
    switch (message.type) {
      case 'snapshot':
        takeServer(message.server);
        clients.show(message.clients);
        return events.reset(message.events);
      case 'event':
        return events.add(message.event);
      case 'clients':
        return clients.show(message.clients);
      case 'server':
        return takeServer(message.server);
      case 'done':
        return say(`Done: ${message.detail}.`, 'ok');
      case 'lab-event':
        return lab.onEvent(message.event);
      case 'lab-done':
        return lab.onDone(message.result);
      case 'error':
        lab.onRefused();
        return say(`Refused: ${message.message}`, 'error');
    }
  }

  const linkLabel = byId('console-link', HTMLElement);
  const linkMeaning = byId('console-link-meaning', HTMLElement);
  const linkDot = byId('console-link-dot', HTMLElement);
  function onState(state: LinkState): void {
    linkOpen = state.readyState === 1;
    lab.setLinkOpen(linkOpen);
    linkLabel.textContent = readyStateLabel(state.readyState);
    linkDot.dataset.state = READY_STATES[state.readyState].toLowerCase();
    let meaning = describeReadyState(state.readyState);
    if (state.readyState === 3 && state.lastClose) {
      const { code, reason } = state.lastClose;
      meaning += ` Last close ${code} ${describeCloseCode(code)}${reason ? ` ("${reason}")` : ''}; reconnecting…`;
    }
    linkMeaning.textContent = meaning;
    showServer();
  }

  const lab = mountLab((c) => socket.send(c));
  const socket = connectConsoleSocket(config, { message: onMessage, state: onState });

  stopButton.addEventListener('click', () => command({ type: 'stop-server' }));
  startButton.addEventListener('click', () => command({ type: 'start-server' }));
  byId('interval-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    command({ type: 'set-push-interval', ms: Number(intervalInput.value) });
  });
  byId('broadcast-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const text = broadcastText.value.trim();
    if (!text) return;
    command({ type: 'broadcast', text });
    broadcastText.value = '';
  });
  const heartbeats = byId('show-heartbeats', HTMLInputElement);
  heartbeats.addEventListener('change', () => {
    eventsPanel.closest('section')?.classList.toggle('hide-heartbeats', !heartbeats.checked);
  });
}

async function main(): Promise<void> {
  const result = await loadConfig({
    session: pageStorage('sessionStorage'),
    randomId,
    random: () => Math.random(),
    allowHubOverride: import.meta.env.DEV,
  });
  if (!result.ok) return showProblem(result.problem);
  mount(result.config);
}

void main().catch((err: unknown) => showProblem(`The console could not start: ${String(err)}`));
