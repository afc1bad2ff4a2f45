// Entry point: pick the language, read the window's config, then wire the connection client
// to the views (chat list, composer, peers, connection panel, typing line, event inspector).

import { BRIDGE_KEY } from '../../protocol/bridge';
import type { Peer } from '../../protocol/messages';
import { describeTypists, TypingRoster, TypingSignal } from './chat/typing';
import { windowTitle } from './chat/window-title';
import { createConnectionClient, storageKeys } from './connection/client';
import type { ConnectionClient } from './connection/client-types';
import { claimPage, releasePage } from './connection/identity';
import { createRefusalCheck } from './connection/refusal-check';
import { loadConfig } from './config';
import { pickLanguage, setLanguage, t } from './i18n';
import { Timeline } from './inspector/timeline';
import { createInspector } from './inspector/view';
import { browserPlatform, pageStorage, randomId } from './platform';
import { bindComposer } from './ui/composer';
import { createConnectionPanel } from './ui/connection-panel';
import { byId } from './ui/dom';
import { localizeDocument } from './ui/localize';
import { createMessageList } from './ui/message-list';
import { bindNameForm } from './ui/name-form';
import { renderPeers } from './ui/peer-list';

function showProblem(problem: string): void {
  const box = byId('problem', HTMLParagraphElement);
  box.textContent = problem;
  box.hidden = false;
  byId('composer', HTMLTextAreaElement).disabled = true;
  byId('rename-open', HTMLButtonElement).disabled = true;
  byId('ready-state', HTMLElement).textContent = t('app.notStarted');
  byId('reconnect-now', HTMLButtonElement).disabled = true;
}

function mount(client: ConnectionClient, windowKey: string): void {
  const messages = createMessageList(
    byId('messages', HTMLOListElement),
    byId('announcer', HTMLElement),
    {
      sendAgain: (id) => void client.sendAgain(id),
      discard: (id) => void client.discard(id),
    },
  );
  const panel = createConnectionPanel(() => client.reconnectNow());
  const layout = byId('layout', HTMLElement);
  const inspector = createInspector({
    timeline: new Timeline(),
    now: () => Date.now(),
    exportName: windowKey,
    onOpenChange: (open) => {
      layout.dataset.inspector = open ? 'open' : 'closed';
    },
  });
  const nameView = bindNameForm(
    {
      display: byId('my-name', HTMLElement),
      open: byId('rename-open', HTMLButtonElement),
      form: byId('rename-form', HTMLFormElement),
      input: byId('rename-input', HTMLInputElement),
    },
    (name) => client.rename(name),
  );
  const timers = browserPlatform();
  const typingSignal = new TypingSignal({
    send: (typing) => client.setTyping(typing),
    schedule: timers.schedule,
    now: timers.now,
  });
  bindComposer(
    byId('composer-form', HTMLFormElement),
    byId('composer', HTMLTextAreaElement),
    byId('composer-status', HTMLElement),
    {
      send: (text) => client.send(text),
      onTyping: (hasText) => typingSignal.input(hasText),
      onSent: () => typingSignal.stop(),
    },
  );
  const typingLine = byId('typing', HTMLElement);
  const typists = new TypingRoster({
    schedule: timers.schedule,
    onChange: (list: readonly Peer[]) => {
      typingLine.textContent = describeTypists(list);
    },
  });
  const peers = byId('peers', HTMLUListElement);
  const peerCount = byId('peer-count', HTMLElement);
  const peersEmpty = byId('peers-empty', HTMLElement);
  let myName = '';
  let unread = 0;
  const showTitle = (): void => {
    document.title = windowTitle(myName, unread);
  };
  messages.onUnseenChange((count) => {
    unread = count;
    showTitle();
  });

  client.subscribe((event) => {
    switch (event.type) {
      case 'connection':
        inspector.roundTrip(event.state.roundTrip);
        return panel.update(event.state);
      case 'timeline-reset':
        return messages.reset(event.entries);
      case 'timeline-add':
        // Their message arrived, so they have stopped typing it.
        if (event.entry.kind === 'chat' && !event.entry.own) {
          typists.remove(event.entry.message.from.id);
        }
        return messages.add(event.entry);
      case 'pending':
        return messages.setPending(event.items, myName);
      case 'peers':
        typists.keepOnly(event.peers);
        return renderPeers(peers, peerCount, peersEmpty, event.peers, event.selfId);
      case 'name':
        myName = event.name;
        showTitle();
        return nameView.show(event.name);
      case 'typing':
        return typists.update(event.from, event.typing);
      case 'wire':
        return inspector.record(event.record);
    }
  });
}

async function main(): Promise<void> {
  setLanguage(pickLanguage(navigator.languages));
  localizeDocument();
  const session = pageStorage('sessionStorage');
  const result = await loadConfig({
    session,
    randomId,
    random: () => Math.random(),
    allowHubOverride: import.meta.env.DEV,
  });
  if (!result.ok) return showProblem(result.problem);

  // Before the client reads storage: a duplicated tab must not resend the original's outbox.
  const outboxKey = storageKeys(result.config.windowKey).outbox;
  claimPage(session, outboxKey);
  const platform = browserPlatform();
  // Browser mode, served by the hub itself: it can say why a connection was refused.
  if (!window[BRIDGE_KEY] && new URL(result.config.hubUrl).port === window.location.port) {
    platform.checkRefusal = createRefusalCheck(result.config.token, (input, init) =>
      window.fetch(input, init),
    );
  }
  const client = createConnectionClient(result.config, platform);
  mount(client, result.config.windowKey);
  client.start();
  byId('composer', HTMLTextAreaElement).focus();

  // Say goodbye properly (1000) so others see "left" at once; come back from the bfcache.
  // stop() also writes the chat log and outbox, whose writes are otherwise batched.
  window.addEventListener('pagehide', () => {
    client.stop();
    releasePage(session); // what loads next in this tab is a reload, not a duplicate
  });
  // A hidden page may be discarded without a pagehide: persist while we still can.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') client.flush();
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return; // the first pageshow: claimed above
    claimPage(session, outboxKey);
    client.start();
  });
}

void main().catch((err: unknown) => showProblem(t('app.startFailed', { error: String(err) })));
