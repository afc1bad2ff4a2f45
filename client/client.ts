// The connection client: one WebSocket to the hub at a time, hello/resume, reconnect with
// backoff, the outbox, and dedupe by seq. It touches no DOM and no globals (socket, timers,
// randomness and storage are injected), so it runs under Vitest in Node.
//
// It is composed of the link (link.ts: the socket, readyState, close records, reconnect and
// liveness) and the session (session.ts: hello/welcome, chats, acks, outbox, presence,
// rename, typing), which share the snapshot, the named timers and the event fan-out. Its
// public shapes (ConnectionClient, events, platform) live in client-types.ts: import them there.

import type { WindowConfig } from '../protocol/bridge';
import { DEFAULT_BACKOFF } from './backoff';
import { ChatLog } from './chat-log';
import { ChatTimeline } from './chat-timeline';
import { ClientEvents } from './client-events';
import type {
  ClientPlatform,
  ClientTuning,
  ConnectionClient,
  ConnectionSnapshot,
} from './client-types';
import { knownSelfId, windowSecret } from './identity';
import { Link } from './link';
import { Outbox } from './outbox';
import { Session, storageKeys } from './session';
import { Timers } from './timers';

export { storageKeys };

export const DEFAULT_TUNING: ClientTuning = {
  backoff: DEFAULT_BACKOFF,
  pollMs: 100,
  pingMs: 5_000,
  silenceMs: 20_000,
  abandonMs: 3_000,
  rateLimitRetryMs: 1_000,
  // Long enough that the log's write (tens of KB, up to 30 ms on a busy machine) is rare while
  // messages stream in. Losing it to a crash costs nothing: the stored lastSeq goes with the
  // log, so the hub replays the rest, and a resent acknowledged chat is only acknowledged again.
  persistMs: 5_000,
};

export function createConnectionClient(
  config: WindowConfig,
  platform: ClientPlatform,
  tuning: ClientTuning = DEFAULT_TUNING,
): ConnectionClient {
  const keys = storageKeys(config.windowKey);
  const outbox = new Outbox(platform.session, keys.outbox);
  const chatLog = new ChatLog(platform.session, keys.chatLog);
  const state: ConnectionSnapshot = {
    hubUrl: config.hubUrl,
    readyState: null,
    protocol: '',
    welcomed: false,
    lastClose: null,
    lastFailure: null,
    reconnect: null,
    paused: null,
    latencyMs: null,
    roundTrip: { lastMs: null, avgMs: null, samples: 0 },
  };
  const timers = new Timers(platform.schedule);
  const events = new ClientEvents(state, platform.now);
  const timeline = new ChatTimeline(
    events,
    platform.now,
    Session.initialEntries(chatLog, knownSelfId(platform.session)),
  );
  const shared = { config, platform, tuning, state, timers, events, timeline };
  const link: Link = new Link({
    ...shared,
    hooks: {
      opened: () => session.hello(),
      received: (message) => session.handle(message),
      lost: () => session.lost(),
    },
  });
  const secret = windowSecret(platform.session, platform.randomSecret);
  const session = new Session({ ...shared, outbox, chatLog, link, secret });

  return {
    start: () => link.start(),
    stop() {
      // The chat log and outbox are written before the socket goes.
      session.flush();
      link.stop();
    },
    send: (text) => session.send(text),
    rename: (name) => session.rename(name),
    sendAgain: (id) => session.sendAgain(id),
    discard: (id) => session.discard(id),
    setTyping: (typing) => session.setTyping(typing),
    reconnectNow: () => link.reconnectNow(),
    flush: () => session.flush(),
    subscribe(listener) {
      const remove = events.add(listener);
      listener({ type: 'connection', state: events.snapshot() });
      session.greet(listener);
      return remove;
    },
  };
}
