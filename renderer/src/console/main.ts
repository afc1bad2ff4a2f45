// Entry point of the server console page: the hub's side of every connection, live, and
// the admin actions. Same config as a window: the Electron bridge, or the page's own URL;
// same language as a window: the OS's.

import type { ConsoleCommand, ConsoleMessage } from '../../../protocol/console';
import { loadConfig } from '../config';
import { pickLanguage, setLanguage, t } from '../i18n';
import { pageStorage, randomId } from '../platform';
import { byId } from '../ui/dom';
import { localizeDocument } from '../ui/localize';
import { wireActions } from './actions';
import { createClientsTable } from './clients-table';
import { connectConsoleSocket, type ConsoleSocket } from './console-socket';
import { createEventsList } from './events-list';
import { mountLab } from './lab';
import { mountLinkStatus } from './link-status';
import { mountServerPanel } from './server-panel';

function showProblem(problem: string): void {
  const box = byId('problem', HTMLParagraphElement);
  box.textContent = problem;
  box.hidden = false;
}

/** The line under the actions: what the hub did, or why it did not. */
function mountResult(): (text: string, kind: 'ok' | 'error') => void {
  const result = byId('console-result', HTMLElement);
  return (text, kind) => {
    result.textContent = text;
    result.dataset.kind = kind;
  };
}

function mount(config: { hubUrl: string; token: string }): void {
  const say = mountResult();
  // Assigned below; the panels only send after the socket exists.
  let socket: ConsoleSocket | null = null;
  const command = (c: ConsoleCommand): void => {
    if (!socket?.send(c)) say(t('console.notConnected'), 'error');
  };
  const server = mountServerPanel();
  const showLink = mountLinkStatus();
  const events = createEventsList(
    byId('console-events', HTMLOListElement),
    byId('event-count', HTMLElement),
  );
  const clients = createClientsTable(
    byId('console-clients', HTMLTableSectionElement),
    byId('client-count', HTMLElement),
    (request) => command({ type: 'disconnect', ...request }),
    {
      set: (request) => command({ type: 'set-network', ...request }),
      lift: (connection) => command({ type: 'lift-network', connection }),
    },
  );
  const lab = mountLab((c) => socket?.send(c) ?? false);
  wireActions(command);

  function onMessage(message: ConsoleMessage): void {
    switch (message.type) {
      case 'snapshot':
        server.take(message.server);
        clients.show(message.connections);
        return events.reset(message.events);
      case 'event':
        return events.add(message.event);
      case 'connections':
        return clients.show(message.connections);
      case 'server':
        return server.take(message.server);
      case 'done':
        return say(t('console.done', { detail: message.detail }), 'ok');
      case 'lab-event':
        return lab.onEvent(message.event);
      case 'lab-done':
        return lab.onDone(message.result);
      case 'error':
        lab.onRefused();
        return say(t('console.refused', { message: message.message }), 'error');
    }
  }

  socket = connectConsoleSocket(config, {
    message: onMessage,
    state(state) {
      const open = state.readyState === 1;
      lab.setLinkOpen(open);
      showLink(state);
      server.setLinkOpen(open);
    },
  });
}

async function main(): Promise<void> {
  setLanguage(pickLanguage(navigator.languages));
  localizeDocument();
  const result = await loadConfig({
    session: pageStorage('sessionStorage'),
    randomId,
    random: () => Math.random(),
    allowHubOverride: import.meta.env.DEV,
  });
  if (!result.ok) return showProblem(result.problem);
  mount(result.config);
}

void main().catch((err: unknown) => showProblem(t('console.startFailed', { error: String(err) })));
