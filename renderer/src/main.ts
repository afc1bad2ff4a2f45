// Entry point: pick the language, read the window's config, then wire the chat client
// to the views (chat list, composer, peers, connection panel, typing line, event inspector).

import { BRIDGE_KEY } from '../../protocol/bridge';
import type { Peer } from '../../protocol/messages';
import { ChatAttention } from './chat/attention';
import { bridgeNotifier, webNotifier } from './chat/notifiers';
import { bindNotifyToggle } from './chat/notify-toggle';
import { describeTypists, TypingRoster, TypingSignal } from './chat/typing';
import { windowTitle } from './chat/window-title';
import { createChatClient, storageKeys } from '../../client/client';
import type { ClientEvent, ClientPlatform, ChatClient } from '../../client/client-types';
import { claimPage, releasePage } from '../../client/identity';
import type { KeyValueStore } from '../../client/storage';
import { createRefusalCheck } from './connection/refusal-check';
import { loadConfig } from './config';
import { pageReady } from './page-ready';
import { pickLanguage, setLanguage, t } from './i18n';
import { bindFrameComposer } from './inspector/frame-composer';
import { FrameTemplateStore } from './inspector/frame-template-store';
import { Timeline } from './inspector/timeline';
import { createInspector, type InspectorView } from './inspector/view';
import { browserPlatform, pageStorage, randomId } from './platform';
import { bindComposer } from './ui/composer';
import { AttachmentShelf } from './ui/attachments/attachment-shelf';
import { bindFilePicker } from './ui/attachments/file-picker';
import { showAttachmentsWith } from './ui/message-list/row-elements';
import type { UploadView } from '../../client/uploads';
import { mountBackpressure } from './ui/backpressure';
import { createConnectionPanel, type ConnectionPanel } from './ui/connection-panel';
import { byId } from './ui/dom';
import { localizeDocument } from './ui/localize';
import { createMessageList } from './ui/message-list/message-list';
import type { MessageListView } from './ui/message-list/message-list-view';
import { bindNameForm, type NameView } from './ui/name-form';
import { renderPeers } from './ui/peer-list';
import { Scrollback } from './chat/scrollback';
import { SearchPanel } from './ui/search-panel';

function showProblem(problem: string): void {
  const box = byId('problem', HTMLParagraphElement);
  box.textContent = problem;
  box.hidden = false;
  byId('composer', HTMLTextAreaElement).disabled = true;
  byId('rename-open', HTMLButtonElement).disabled = true;
  byId('ready-state', HTMLElement).textContent = t('app.notStarted');
  byId('reconnect-now', HTMLButtonElement).disabled = true;
}

/** The chat list, whose "send again" / "discard" buttons act on the outbox. */
function mountMessages(client: ChatClient): MessageListView {
  return createMessageList(byId('messages', HTMLOListElement), byId('announcer', HTMLElement), {
    sendAgain: (id) => void client.sendAgain(id),
    discard: (id) => void client.discard(id),
  });
}

/** The inspector, with its raw frame composer (templates kept per browser profile). */
function mountInspector(client: ChatClient, windowKey: string): InspectorView {
  const layout = byId('layout', HTMLElement);
  const templates = new FrameTemplateStore(pageStorage('localStorage'));
  const composer = bindFrameComposer(templates, (frame) => client.sendRaw(frame));
  return createInspector({
    onEntry: (entry) => composer.observe(entry),
    timeline: new Timeline(),
    now: () => Date.now(),
    exportName: windowKey,
    onOpenChange: (open) => {
      layout.dataset.inspector = open ? 'open' : 'closed';
    },
  });
}

function mountNameForm(client: ChatClient): NameView {
  return bindNameForm(
    {
      display: byId('my-name', HTMLElement),
      open: byId('rename-open', HTMLButtonElement),
      form: byId('rename-form', HTMLFormElement),
      input: byId('rename-input', HTMLInputElement),
    },
    (name) => client.rename(name),
  );
}

/** The composer, which also tells the others while the user is typing. */
function mountComposer(client: ChatClient, timers: ClientPlatform): void {
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
}

/** The "… is typing" line under the chat. */
function mountTypingLine(timers: ClientPlatform): TypingRoster {
  const typingLine = byId('typing', HTMLElement);
  return new TypingRoster({
    schedule: timers.schedule,
    onChange: (list: readonly Peer[]) => {
      typingLine.textContent = describeTypists(list);
    },
  });
}

function mountPeers(): (peers: readonly Peer[], selfId: string) => void {
  const list = byId('peers', HTMLUListElement);
  const count = byId('peer-count', HTMLElement);
  const empty = byId('peers-empty', HTMLElement);
  return (peers, selfId) => renderPeers(list, count, empty, peers, selfId);
}

/**
 * Notifications and the badge: through the preload in Electron, the Web Notification API in
 * browser mode. A click on a notification shows its message, highlighted, however many came
 * after it (the newest messages when the window no longer knows it).
 */
function mountAttention(
  messages: MessageListView,
  windowKey: string,
  reveal: (seq: number) => Promise<boolean>,
): ChatAttention {
  const bridge = window[BRIDGE_KEY];
  const notifier = bridge
    ? bridgeNotifier(bridge, (line) => console.warn(line))
    : webNotifier({ Notification: window.Notification, focus: () => window.focus() });
  const toggle = bindNotifyToggle(
    byId('notify-toggle', HTMLButtonElement),
    notifier,
    pageStorage('localStorage'),
    windowKey,
  );
  const attention = new ChatAttention(
    { hasFocus: () => document.hasFocus(), visibilityState: () => document.visibilityState },
    notifier,
    () => toggle.isMuted(),
  );
  notifier.onShowMessage((messageId) => {
    const seq = attention.seqOf(messageId);
    const shown = seq === undefined ? Promise.resolve(false) : reveal(seq);
    void shown.then((found) => found || messages.jumpToLatest());
  });
  messages.onUnseenChange((count) => attention.unread(count));
  return attention;
}

/** The document title: the user's name and the count of messages they have not seen. */
function mountTitle(messages: MessageListView): { setName(name: string): void } {
  let name = '';
  let unread = 0;
  const show = (): void => {
    document.title = windowTitle(name, unread);
  };
  messages.onUnseenChange((count) => {
    unread = count;
    show();
  });
  return {
    setName(next) {
      name = next;
      show();
    },
  };
}

interface WindowViews {
  messages: MessageListView;
  panel: ConnectionPanel;
  inspector: InspectorView;
  nameView: NameView;
  typists: TypingRoster;
  showPeers: (peers: readonly Peer[], selfId: string) => void;
  title: { setName(name: string): void };
  attention: ChatAttention;
  files: FileViews;
}

/**
 * Older history: paged in when scrolled up to, found by the search (Ctrl+F / Cmd+F). Returns
 * what brings a message into view by its seq (paging it in if need be).
 */
function mountHistory(
  client: ChatClient,
  messages: MessageListView,
): (seq: number) => Promise<boolean> {
  const scrollback = new Scrollback(client, messages);
  const ui = {
    panel: byId('search', HTMLElement),
    form: byId('search-form', HTMLFormElement),
    input: byId('search-input', HTMLInputElement),
    status: byId('search-status', HTMLElement),
    results: byId('search-results', HTMLOListElement),
    more: byId('search-more', HTMLButtonElement),
    close: byId('search-close', HTMLButtonElement),
  };
  new SearchPanel(ui, client, {
    reveal: (seq) => scrollback.reveal(seq),
    closed: () => {
      messages.clearHighlight();
      messages.jumpToLatest();
    },
  });
  return (seq) => scrollback.reveal(seq).then((result) => result.shown);
}

interface FileViews {
  showUploads: (uploads: readonly UploadView[]) => void;
  shelf: AttachmentShelf;
}

/** Files: the picker and its tray beside the composer, the attachments of every message. */
function mountFiles(client: ChatClient): FileViews {
  const viewer = byId('image-viewer', HTMLDialogElement);
  byId('viewer-close', HTMLButtonElement).addEventListener('click', () => viewer.close());
  // In the desktop app Save opens the save dialog; in browser mode it is a download.
  const saveFile = window[BRIDGE_KEY]?.saveFile ?? null;
  const shelf = new AttachmentShelf(client, document, viewer, saveFile);
  showAttachmentsWith((attachments) => shelf.block(attachments));
  const showUploads = bindFilePicker(client, {
    input: byId('file-input', HTMLInputElement),
    dropZone: byId('chat', HTMLElement),
    pasteTarget: byId('composer', HTMLTextAreaElement),
    tray: byId('file-tray', HTMLElement),
    status: byId('composer-status', HTMLElement),
  });
  return { showUploads, shelf };
}

/** Mounts the views and returns what shows each client event in them. */
function mount(
  client: ChatClient,
  windowKey: string,
  timers: ClientPlatform,
): (event: ClientEvent) => void {
  // Before the list: its first rows may carry attachments.
  const files = mountFiles(client);
  const messages = mountMessages(client);
  const reveal = mountHistory(client, messages);
  const panel = createConnectionPanel(() => client.reconnectNow());
  mountBackpressure(client);
  const inspector = mountInspector(client, windowKey);
  const nameView = mountNameForm(client);
  mountComposer(client, timers);
  const views: WindowViews = {
    messages,
    panel,
    inspector,
    nameView,
    typists: mountTypingLine(timers),
    showPeers: mountPeers(),
    title: mountTitle(messages),
    attention: mountAttention(messages, windowKey, reveal),
    files,
  };
  return (event) => show(views, event);
}

/**
 * The client's events, held from the moment the socket is made (before the views exist: see
 * page-ready.ts) and shown, in order, once they do.
 */
function holdEvents(client: ChatClient): (show: (event: ClientEvent) => void) => void {
  let shown: ((event: ClientEvent) => void) | null = null;
  const held: ClientEvent[] = [];
  client.subscribe((event) => (shown ? shown(event) : held.push(event)));
  return (show) => {
    for (const event of held) show(event);
    held.length = 0;
    shown = show;
  };
}

function show(views: WindowViews, event: ClientEvent): void {
  switch (event.type) {
    case 'connection':
      views.inspector.roundTrip(event.state.roundTrip);
      return views.panel.update(event.state);
    case 'timeline-reset':
      return views.messages.reset(event.entries);
    case 'timeline-add':
      // Their message arrived, so they have stopped typing it.
      if (event.entry.kind === 'chat' && !event.entry.own) {
        views.typists.remove(event.entry.message.from.id);
      }
      views.attention.arrived(event.entry);
      return views.messages.add(event.entry);
    case 'pending':
      return views.messages.setPending(event.items, event.self);
    case 'peers':
      views.typists.keepOnly(event.peers);
      return views.showPeers(event.peers, event.selfId);
    case 'name':
      views.title.setName(event.name);
      return views.nameView.show(event.name);
    case 'typing':
      return views.typists.update(event.from, event.typing);
    case 'wire':
      return views.inspector.record(event.record);
    case 'uploads':
      return views.files.showUploads(event.uploads);
    case 'attachment':
      return views.files.shelf.update(event.sha256, event.state);
  }
}

async function main(): Promise<void> {
  setLanguage(pickLanguage(navigator.languages));
  const session = pageStorage('sessionStorage');
  const result = await loadConfig({
    session,
    randomId,
    random: () => Math.random(),
    allowHubOverride: import.meta.env.DEV,
  });
  if (!result.ok) return problemOnceReady(result.problem);

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
  const client = createChatClient(result.config, platform);
  const showHeld = holdEvents(client);
  // The socket first: its handshake overlaps the document's parsing, styles and first layout.
  client.start();
  keepAcrossPageLifecycle(client, session, outboxKey);

  await pageReady();
  localizeDocument();
  showHeld(mount(client, result.config.windowKey, platform));
  byId('composer', HTMLTextAreaElement).focus();
}

function keepAcrossPageLifecycle(
  client: ChatClient,
  session: KeyValueStore,
  outboxKey: string,
): void {
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

async function problemOnceReady(problem: string): Promise<void> {
  await pageReady();
  localizeDocument();
  showProblem(problem);
}

void main().catch((err: unknown) => problemOnceReady(t('app.startFailed', { error: String(err) })));
