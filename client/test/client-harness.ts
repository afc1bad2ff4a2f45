// Builds a chat client on fakes and keeps a plain model of what the UI would show: the
// client reports codes, and notes() / paused() word them as the window does (in English).

import { createHash } from 'node:crypto';
import type { WindowConfig } from '../../protocol/bridge';
import type { ChatMessage, Peer, WelcomeMessage } from '../../protocol/messages';
import { createChatClient, DEFAULT_TUNING } from '../client';
import type {
  ClientEvent,
  ClientPlatform,
  ChatClient,
  ConnectionSnapshot,
  Self,
  TimelineEntry,
  WireRecord,
} from '../client-types';
import { noteText, pauseText } from '../../renderer/src/connection/client-text';
import type { OutboxItem } from '../outbox';
import { MemoryStore } from '../storage';
import { FakeClock } from './fake-clock';
import { FakeNetwork } from './fake-socket';

export const CONFIG: WindowConfig = {
  hubUrl: 'ws://127.0.0.1:8005',
  token: 'ab'.repeat(32),
  windowKey: 'window-a',
  defaultName: 'Amber Otter',
};

export const ME: Peer = { id: CONFIG.windowKey, name: CONFIG.defaultName };
export const BOB: Peer = { id: 'window-b', name: 'Bob' };

export interface Stores {
  session: MemoryStore;
  local: MemoryStore;
}

export class View {
  state: ConnectionSnapshot | null = null;
  states: ConnectionSnapshot[] = [];
  timeline: TimelineEntry[] = [];
  pending: OutboxItem[] = [];
  /** Who the pending messages are from, as the latest 'pending' event said. */
  self: Self | null = null;
  /** How many 'pending' events arrived: each one redraws the pending rows. */
  pendingUpdates = 0;
  peers: readonly Peer[] = [];
  name = '';
  wire: WireRecord[] = [];
  typing: { from: Peer; typing: boolean }[] = [];

  readonly onEvent = (event: ClientEvent): void => {
    switch (event.type) {
      case 'connection':
        this.state = event.state;
        this.states.push(event.state);
        return;
      case 'timeline-reset':
        this.timeline = [...event.entries];
        return;
      case 'timeline-add':
        this.timeline.push(event.entry);
        return;
      case 'pending':
        this.pending = [...event.items];
        this.self = event.self;
        this.pendingUpdates += 1;
        return;
      case 'peers':
        this.peers = event.peers;
        return;
      case 'name':
        this.name = event.name;
        return;
      case 'typing':
        this.typing.push({ from: event.from, typing: event.typing });
        return;
      case 'wire':
        this.wire.push(event.record);
        return;
    }
  };

  chats(): ChatMessage[] {
    return this.timeline.flatMap((e) => (e.kind === 'chat' ? [e.message] : []));
  }

  chatTexts(): string[] {
    return this.chats().map((m) => m.text);
  }

  /** The system notes as the window words them. */
  notes(): string[] {
    return this.timeline.flatMap((e) => (e.kind === 'system' ? [noteText(e.note)] : []));
  }

  /** Why reconnecting stopped, as the window words it; null while it has not. */
  paused(): string | null {
    const { paused } = this.current;
    return paused && pauseText(paused);
  }

  get current(): ConnectionSnapshot {
    if (!this.state) throw new Error('no connection state yet');
    return this.state;
  }
}

let secrets = 0;

export function setup(
  options: {
    stores?: Stores;
    random?: () => number;
    checkRefusal?: ClientPlatform['checkRefusal'];
  } = {},
) {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const stores = options.stores ?? { session: new MemoryStore(), local: new MemoryStore() };
  let ids = 0;
  const client: ChatClient = createChatClient(CONFIG, {
    openSocket: network.openSocket,
    sha256: (bytes) => Promise.resolve(createHash('sha256').update(bytes).digest('hex')),
    schedule: clock.schedule,
    now: clock.now,
    random: options.random ?? (() => 0.5),
    randomId: () => `msg-${++ids}`,
    randomSecret: () => `secret-${++secrets}`.padEnd(32, '0'),
    session: stores.session,
    local: stores.local,
    ...(options.checkRefusal ? { checkRefusal: options.checkRefusal } : {}),
  });
  const view = new View();
  client.subscribe(view.onEvent);
  return { client, clock, network, stores, view };
}

export function welcome(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: 'welcome',
    you: ME,
    peers: [ME, BOB],
    historyId: 'history-1',
    history: 'reset',
    skipped: 0,
    oldestSeq: 1,
    pushIntervalMs: 3000,
    ...overrides,
  };
}

let at = Date.UTC(2026, 10, 25, 12, 0, 0);

export function chat(seq: number, text: string, from: Peer = BOB, id = `id-${seq}`): ChatMessage {
  return { type: 'chat', seq, id, from, text, at: (at += 1000) };
}

export const TUNING = DEFAULT_TUNING;
