// The chat client: one WebSocket to the hub at a time, hello/resume, reconnect with backoff,
// the outbox, and dedupe by seq. It touches no DOM and no globals (socket, timers,
// randomness and storage are injected), so it runs in the page, in Node and under Vitest.
//
// Composed one way: the link (link.ts: the socket, readyState, close records, reconnect and
// liveness) emits what happens to the socket; the session (session.ts: hello/welcome, chats,
// acks, outbox, presence, rename, typing, round trips) subscribes to it and emits what the
// conversation shows; files.ts (uploads, downloads) and history-requests.ts hear the link
// beside it; this file subscribes to them and tells the UI, building the connection
// snapshot from both whenever it is read. Its public shapes (ChatClient, events, platform)
// live in client-types.ts: import them there.

import type { WindowConfig } from '../protocol/bridge';
import { DEFAULT_BACKOFF } from './backoff';
import { ChatLog } from './chat-log';
import type {
  ChatClient,
  ClientEvent,
  ClientPlatform,
  ClientTuning,
  ConnectionSnapshot,
  SendResult,
} from './client-types';
import { Emitter } from './emitter';
import { Files } from './files';
import { HistoryRequests } from './history-requests';
import { windowSecret } from './identity';
import { Link } from './link';
import { Outbox } from './outbox';
import { Session } from './session';
import { storageKeys } from './storage';

export { storageKeys };

export const DEFAULT_TUNING: ClientTuning = {
  backoff: DEFAULT_BACKOFF,
  pollMs: 100,
  pingMs: 5_000,
  silenceMs: 20_000,
  abandonMs: 3_000,
  rateLimitRetryMs: 1_000,
  notSavedRetry: { baseMs: 2_000, factor: 2, capMs: 30_000 },
  // Long enough that the log's write (tens of KB, up to 30 ms on a busy machine) is rare while
  // messages stream in. Losing it to a crash costs nothing: the stored lastSeq goes with the
  // log, so the hub replays the rest, and a resent acknowledged chat is only acknowledged again.
  persistMs: 5_000,
};

export function createChatClient(
  config: WindowConfig,
  platform: ClientPlatform,
  tuning: ClientTuning = DEFAULT_TUNING,
): ChatClient {
  const keys = storageKeys(config.windowKey);
  const outbox = new Outbox(platform.session, keys.outbox);
  const chatLog = new ChatLog(platform.session, keys.chatLog);
  const link = new Link({ config, platform, tuning });
  const secret = windowSecret(platform.session, platform.randomSecret);
  const session = new Session({ config, platform, tuning, outbox, chatLog, link, secret });
  // Pages and searches of the history: they hear the link after the session (see Files).
  const history = new HistoryRequests(link, platform.schedule);

  const events = new Emitter<ClientEvent>();
  const snapshot = (): ConnectionSnapshot => ({
    hubUrl: config.hubUrl,
    ...link.status(),
    ...session.status(),
  });
  const showState = (): void => events.emit({ type: 'connection', state: snapshot() });
  link.subscribe((event) => {
    if (event.type === 'changed') showState();
    else if (event.type === 'wire') events.emit(event);
  });
  session.subscribe((event) => (event.type === 'changed' ? showState() : events.emit(event)));

  // Files hear the link after the session (a welcome is handled first).
  const files = new Files(link, platform);
  const { uploads, downloads } = files;
  files.subscribe((event) => events.emit(event));

  /** A message with the attached files, once every one of them is stored by the hub. */
  const send = (text: string): SendResult => {
    if (!uploads.ready) return { ok: false, reason: 'files-not-ready' };
    const result = session.send(text, uploads.refs());
    if (result.ok) uploads.clear();
    return result;
  };

  return {
    start: () => link.start(),
    stop() {
      // The chat log and outbox are written before the socket goes.
      session.flush();
      link.stop();
    },
    send,
    sendRaw: (frame) => link.sendRaw(frame),
    get bufferedAmount() {
      return link.bufferedAmount;
    },
    attach: (files) => uploads.attach(files),
    cancelUpload: (id) => uploads.cancel(id),
    fetchAttachment: (attachment) => downloads.want(attachment),
    rename: (name) => session.rename(name),
    sendAgain: (id) => session.sendAgain(id),
    discard: (id) => session.discard(id),
    page: (beforeSeq, limit) => history.page(beforeSeq, limit),
    pageAfter: (afterSeq, limit) => history.pageAfter(afterSeq, limit),
    pageAround: (seq, limit) => history.pageAround(seq, limit),
    search: (query, beforeSeq, limit) => history.search(query, beforeSeq, limit),
    setTyping: (typing) => session.setTyping(typing),
    reconnectNow: () => link.reconnectNow(),
    flush: () => session.flush(),
    subscribe(listener) {
      const remove = events.subscribe(listener);
      listener({ type: 'connection', state: snapshot() });
      session.greet(listener);
      listener({ type: 'uploads', uploads: uploads.views() });
      return remove;
    },
  };
}
