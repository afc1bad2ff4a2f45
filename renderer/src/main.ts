// Entry point: read the window's config, then wire the connection client to the views.

import { createConnectionClient, type ConnectionClient } from './connection/client';
import { loadConfig } from './config';
import { browserPlatform, pageStorage, randomId } from './platform';
import { bindComposer } from './ui/composer';
import { createConnectionPanel } from './ui/connection-panel';
import { byId } from './ui/dom';
import { createMessageList } from './ui/message-list';
import { bindNameForm } from './ui/name-form';
import { renderPeers } from './ui/peer-list';

function showProblem(problem: string): void {
  const box = byId('problem', HTMLParagraphElement);
  box.textContent = problem;
  box.hidden = false;
  byId('composer', HTMLTextAreaElement).disabled = true;
  byId('rename-input', HTMLInputElement).disabled = true;
  byId('ready-state', HTMLElement).textContent = 'not started';
  byId('reconnect-now', HTMLButtonElement).disabled = true;
}

function mount(client: ConnectionClient): void {
  const messages = createMessageList(
    byId('messages', HTMLOListElement),
    byId('announcer', HTMLElement),
  );
  const panel = createConnectionPanel(() => client.reconnectNow());
  const nameView = bindNameForm(
    byId('my-name', HTMLElement),
    byId('rename-form', HTMLFormElement),
    byId('rename-input', HTMLInputElement),
    (name) => client.rename(name),
  );
  bindComposer(
    byId('composer-form', HTMLFormElement),
    byId('composer', HTMLTextAreaElement),
    byId('composer-status', HTMLElement),
    (text) => client.send(text),
  );
  const peers = byId('peers', HTMLUListElement);
  const peerCount = byId('peer-count', HTMLElement);
  const peersEmpty = byId('peers-empty', HTMLElement);
  let myName = '';

  client.subscribe((event) => {
    switch (event.type) {
      case 'connection':
        return panel.update(event.state);
      case 'timeline-reset':
        return messages.reset(event.entries);
      case 'timeline-add':
        return messages.add(event.entry);
      case 'pending':
        return messages.setPending(event.items, myName);
      case 'peers':
        return renderPeers(peers, peerCount, peersEmpty, event.peers, event.selfId);
      case 'name':
        myName = event.name;
        return nameView.show(event.name);
      case 'wire':
        return panel.logWire(event.entry);
    }
  });
}

async function main(): Promise<void> {
  const session = pageStorage('sessionStorage');
  const result = await loadConfig({
    session,
    randomId,
    random: () => Math.random(),
    allowHubOverride: import.meta.env.DEV,
  });
  if (!result.ok) return showProblem(result.problem);

  const client = createConnectionClient(result.config, browserPlatform());
  mount(client);
  client.start();
  byId('composer', HTMLTextAreaElement).focus();

  // Say goodbye properly (1000) so others see "left" at once; come back from the bfcache.
  window.addEventListener('pagehide', () => client.stop());
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) client.start();
  });
}

void main().catch((err: unknown) => showProblem(`Loopchat failed to start: ${String(err)}`));
