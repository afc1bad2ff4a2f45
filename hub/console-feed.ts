// What the hub tells its server consoles, and what it does for them. A console gets a
// snapshot when it connects, then every hub event live and the client table at most a few
// times a second (traffic from many windows must not turn into a frame per message).

import { type ConsoleCommand, type ConsoleMessage, type HubEvent } from '../protocol/console';
import { networkCondition, parseConsoleCommand } from '../protocol/console-validate';
import type { LabScenario } from '../protocol/lab';
import type { AdminOperations } from './admin';
import type { HubSignal } from './events';
import { describeCondition } from './network-conditions';

export interface ConsoleFeedOptions<C> {
  admin: AdminOperations;
  send(console: C, data: Buffer): void;
  /** The client lab; without it, lab-run is refused. */
  lab?: { run(scenario: LabScenario): void };
  /** Minimum time between two client-table updates. */
  statsIntervalMs?: number;
}

export interface ConsoleFeed<C> {
  /** A console connected: send it the snapshot. */
  add(console: C): void;
  remove(console: C): void;
  /** Every hub event goes to every console; a connection opening or closing changes the table. */
  onEvent(event: HubEvent): void;
  /** Counters changed (the table goes out on the next throttle tick), or the lab ran a step. */
  onSignal(signal: HubSignal): void;
  /** One text frame from a console. */
  onFrame(console: C, text: string): void;
  /** Forgets every console and cancels a pending table update (the hub stopped). */
  dispose(): void;
}

const SERVER_EVENTS = new Set<HubEvent['kind']>([
  'listening',
  'service',
  'push-interval',
  'deflate',
]);

const encode = (message: ConsoleMessage): Buffer => Buffer.from(JSON.stringify(message));

/** Carries out one console command; returns what the console is told was done. */
function run(
  { admin, lab }: Pick<ConsoleFeedOptions<unknown>, 'admin' | 'lab'>,
  command: ConsoleCommand,
): string {
  switch (command.type) {
    case 'broadcast':
      admin.sendAnnouncement(command.text);
      return 'announcement sent to every window';
    case 'disconnect':
      if (!admin.disconnect(command.connection, command.code, command.reason)) {
        throw new Error(`no connection #${command.connection}`);
      }
      return `#${command.connection} closed with ${command.code}`;
    case 'stop-server':
      return 'server stopping: every connection closes with 1001';
    case 'start-server':
      admin.startServer();
      return 'server started';
    case 'set-push-interval':
      admin.setPushInterval(command.ms);
      return `push interval is ${command.ms} ms`;
    case 'set-deflate':
      admin.setDeflate(command.on);
      return command.on
        ? 'permessage-deflate offered to windows that connect from now on'
        : 'permessage-deflate no longer offered to windows that connect from now on';
    case 'set-network': {
      const { connection, seconds } = command;
      const condition = networkCondition(command.condition, command.amount);
      if (!admin.setNetwork(connection, condition, seconds)) {
        throw new Error(`no window #${connection}`);
      }
      return `#${connection} is under ${describeCondition(condition)} for ${seconds} s`;
    }
    case 'lift-network':
      if (!admin.liftNetwork(command.connection)) {
        throw new Error(`#${command.connection} is under no network condition`);
      }
      return `#${command.connection} is back to a plain network`;
    case 'list-connections':
      return `${admin.connections().length} connections`;
    case 'lab-run':
      if (!lab) throw new Error('the client lab is not available');
      lab.run(command.scenario);
      return `lab scenario ${command.scenario} started`;
  }
}

/** Whether the connections table changes; a console opening gets its own snapshot instead. */
function changesTable(event: HubEvent): boolean {
  if (event.kind === 'connection') return event.role === 'chat';
  return event.kind === 'close' || event.kind === 'network' || event.kind === 'network-lifted';
}

/** What a console is told after a valid command: its result, or why it failed. */
function answer<C>(options: ConsoleFeedOptions<C>, command: ConsoleCommand): ConsoleMessage[] {
  let detail: string;
  try {
    detail = run(options, command);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return [{ type: 'error', code: 'failed', message }];
  }
  const done: ConsoleMessage = { type: 'done', command: command.type, detail };
  if (command.type !== 'list-connections') return [done];
  return [{ type: 'connections', connections: options.admin.connections() }, done];
}

export function createConsoleFeed<C>(options: ConsoleFeedOptions<C>): ConsoleFeed<C> {
  const { admin } = options;
  const statsIntervalMs = options.statsIntervalMs ?? 250;
  const consoles = new Set<C>();
  let statsTimer: NodeJS.Timeout | undefined;

  const send = (console: C, message: ConsoleMessage) => options.send(console, encode(message));

  function toAll(message: ConsoleMessage): void {
    if (consoles.size === 0) return;
    const data = encode(message);
    for (const console of [...consoles]) options.send(console, data);
  }

  function sendStats(): void {
    statsTimer = undefined;
    toAll({ type: 'connections', connections: admin.connections() });
  }

  function statsChanged(): void {
    if (consoles.size === 0 || statsTimer) return;
    statsTimer = setTimeout(sendStats, statsIntervalMs);
    statsTimer.unref();
  }

  return {
    add(console) {
      consoles.add(console);
      const server = admin.serverInfo();
      if (!server) return;
      send(console, {
        type: 'snapshot',
        server,
        connections: admin.connections(),
        events: admin.recentEvents(),
      });
    },
    remove(console) {
      consoles.delete(console);
    },
    onEvent(event) {
      toAll({ type: 'event', event });
      const server = SERVER_EVENTS.has(event.kind) ? admin.serverInfo() : null;
      if (server) toAll({ type: 'server', server });
      if (changesTable(event)) statsChanged();
    },
    onSignal(signal) {
      if (signal.kind === 'counters-changed') statsChanged();
      else if (signal.kind === 'lab-event') toAll({ type: 'lab-event', event: signal.event });
      else toAll({ type: 'lab-done', result: signal.result });
    },
    onFrame(console, text) {
      const parsed = parseConsoleCommand(text);
      const replies = parsed.ok
        ? answer(options, parsed.command)
        : [{ type: 'error' as const, code: parsed.code, message: parsed.error }];
      for (const reply of replies) send(console, reply);
      // After the reply: stopping closes this console's own connection too.
      if (parsed.ok && parsed.command.type === 'stop-server' && replies.at(-1)?.type === 'done')
        admin.stopServer();
    },
    dispose() {
      clearTimeout(statsTimer);
      statsTimer = undefined;
      consoles.clear();
    },
  };
}
