// The client lab: runs a real `ws` client from the hub's own process against the hub, one
// scenario at a time, and reports every event of that client as it fires (upgrade, open,
// message, ping, redirect, unexpected-response, error, close). It registers with the transport
// (transportExtension): its redirect route, and an upgrade hook that recognises its own
// connections by a secret header, so they show in the console's client table, pass through the
// same checks and limits as any window, and get pinged on a short interval for the no-pong demo.

import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';
import { CLOSE_CODES } from '../protocol/close-codes';
import {
  HUB_HEADER,
  LAB_REDIRECT_PATH,
  type LabEvent,
  type LabResult,
  type LabScenario,
} from '../protocol/lab';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, type ClientMessage } from '../protocol/messages';
import type { ConnectionRole, HubEvent } from '../protocol/console';
import { frameText, rawHeaderPairs } from './connection';
import { deflateLab } from './deflate-lab';
import { frameAnatomy } from './frame-anatomy';
import { clip, isEvent, isMessage, Run } from './lab-run';
import { redact } from './log';
import { createToken, tokenMatches } from './token';
import type { TransportExtension, UpgradeRuling } from './transport';

/** Request header by which the lab marks its own connections (with a key of this process). */
export const LAB_HEADER = 'x-loopchat-lab';

/** Where and how the lab connects: the hub's own address, token and an allowed Origin. */
export interface LabTarget {
  url: string;
  port: number;
  token: string;
  origin: string;
}

export interface ClientLabOptions {
  /** The chat token, as a window presents it. */
  token: string;
  /** The Origin the lab presents; by default the hub's own page origin (browser mode's). */
  origin?: string | undefined;
  onEvent(event: LabEvent): void;
  onDone(result: LabResult): void;
  /** The longest a scenario may take before it is ended as unexpected. */
  timeoutMs?: number;
  /** The lab's connections are pinged this often, so the no-pong demo ends in seconds. */
  heartbeatMs?: number;
}

const FOREIGN_ORIGIN = 'https://evil.example';

export class ClientLab {
  private current: Run | null = null;
  private target: LabTarget | null = null;
  /** While the server-stopped scenario runs: the lab's chat connections get the 503. */
  private refusing = false;
  /** Marks the lab's own connections; never leaves this process. */
  private readonly key = createToken();

  constructor(private readonly options: ClientLabOptions) {}

  /** The lab's part of the network path: its redirect route and its upgrade hook. */
  readonly transportExtension: TransportExtension = {
    routes: [
      {
        // GET /lab/redirect answers 302 to the hub's WebSocket URL.
        path: LAB_REDIRECT_PATH,
        reply: (address) => ({
          status: 302,
          statusText: 'Found',
          headers: { Location: `${address.url}/` },
        }),
      },
    ],
    upgrade: (req, role) => this.ruleOn(req, role),
  };

  /** Follows the hub's address: the lab aims at wherever the hub listens. */
  onHubEvent(event: HubEvent): void {
    this.current?.hubEvent(event);
    if (event.kind === 'stopped') this.target = null;
    if (event.kind !== 'listening') return;
    const origin = this.options.origin ?? `http://127.0.0.1:${event.port}`;
    this.target = { url: event.url, port: event.port, token: this.options.token, origin };
  }

  get running(): LabScenario | null {
    return this.current?.scenario ?? null;
  }

  /** Starts `scenario`; throws if one is running or the hub is not listening. */
  run(scenario: LabScenario): void {
    if (this.current) throw new Error(`lab scenario ${this.current.scenario} is still running`);
    const { target } = this;
    if (!target) throw new Error('the hub is not listening');
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const run = new Run(scenario, Date.now() + timeoutMs, this.options.onEvent);
    this.current = run;
    void this.execute(run, target);
  }

  /** Ends a running scenario now (the hub is stopping). */
  stop(): void {
    this.current?.end();
  }

  private async execute(run: Run, target: LabTarget): Promise<void> {
    let result: Omit<LabResult, 'scenario'>;
    try {
      result = await this.scenario(run, target);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      result = { outcome: 'unexpected', detail };
    }
    run.end();
    this.refusing = false;
    this.current = null;
    this.options.onDone({ scenario: run.scenario, ...result });
  }

  private scenario(run: Run, target: LabTarget): Promise<Omit<LabResult, 'scenario'>> {
    const { token } = target;
    const good = [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
    switch (run.scenario) {
      case 'connect':
        return this.connectProperly(run, target);
      case 'no-token':
        return this.refused(run, target, [SUBPROTOCOL], {}, 401);
      case 'wrong-token':
        return this.refused(
          run,
          target,
          [SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${'0'.repeat(64)}`],
          {},
          401,
        );
      case 'foreign-origin':
        return this.refused(run, target, good, { origin: FOREIGN_ORIGIN }, 403);
      case 'unknown-subprotocol':
        return this.refused(run, target, ['loopchat.v0', TOKEN_PROTOCOL_PREFIX + token], {}, 400);
      case 'server-stopped':
        this.refusing = true;
        return this.refused(run, target, good, {}, 503);
      case 'redirect':
        return this.redirect(run, target);
      case 'server-header':
        return this.serverHeader(run, target);
      case 'malformed-handshake':
        return this.malformed(run, target);
      case 'no-pong':
        return this.noPong(run, target);
      case 'frame-anatomy':
        return frameAnatomy(run, { ...target, labHeader: [LAB_HEADER, this.key] });
      case 'permessage-deflate':
        return deflateLab(run, { ...target, labHeader: [LAB_HEADER, this.key] });
    }
  }

  private ruleOn(req: IncomingMessage, role: ConnectionRole): UpgradeRuling {
    const given = req.headers[LAB_HEADER];
    if (typeof given !== 'string' || !tokenMatches(this.key, given)) return null;
    if (this.refusing && role === 'chat') {
      return { refuse: { status: 503, reason: 'Server stopped from the console' } };
    }
    // The compression scenario's connection is offered permessage-deflate whatever the
    // console's setting for windows is.
    const deflate = this.current?.scenario === 'permessage-deflate';
    return {
      traits: {
        lab: true,
        heartbeatMs: this.options.heartbeatMs ?? 1000,
        ...(deflate ? { deflate } : {}),
      },
    };
  }

  /** Opens a ws client that reports each of its events to the run. */
  private open(
    run: Run,
    target: LabTarget,
    protocols: string[],
    options: ClientOptions = {},
    url = target.url,
  ): WebSocket {
    const ws = new WebSocket(url, protocols, {
      origin: target.origin,
      headers: { [LAB_HEADER]: this.key },
      handshakeTimeout: 5000,
      ...options,
    });
    run.sockets.add(ws);
    ws.on('upgrade', (res: IncomingMessage) => {
      run.event({
        name: 'upgrade',
        statusLine: `HTTP/${res.httpVersion} ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`,
        headers: rawHeaderPairs(res.rawHeaders),
      });
    });
    ws.on('open', () => run.event({ name: 'open', protocol: ws.protocol }));
    ws.on('message', (data) => run.event({ name: 'message', data: clip(frameText(data)) }));
    ws.on('ping', (data) => {
      run.event({ name: 'ping', data: data.toString('hex') });
      // ws has already queued its automatic pong (unless autoPong is off); say so.
      if (options.autoPong !== false) run.event({ name: 'pong-sent', data: data.toString('hex') });
    });
    ws.on('redirect', (to: string) => run.event({ name: 'redirect', url: to }));
    ws.on('unexpected-response', (req, res) => {
      // With this listener ws leaves the refused handshake to us: read the body, then abort.
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 4096) chunks.push(chunk);
      });
      res.on('end', () => {
        run.event({
          name: 'unexpected-response',
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: rawHeaderPairs(res.rawHeaders),
          body: clip(Buffer.concat(chunks).toString('utf8')),
        });
        ws.terminate();
      });
    });
    ws.on('error', (err) => run.event({ name: 'error', message: err.message }));
    ws.on('close', (code, reason) =>
      run.event({ name: 'close', code, reason: reason.toString('utf8') }),
    );
    return ws;
  }

  private send(run: Run, ws: WebSocket, message: ClientMessage): void {
    const data = JSON.stringify(message);
    run.event({ name: 'send', data });
    ws.send(data);
  }

  private async connectProperly(run: Run, target: LabTarget) {
    const ws = this.open(run, target, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + target.token]);
    await run.waitFor(isEvent('open'));
    // A throwaway identity: the lab is a new window each run.
    const secret = randomBytes(24).toString('base64url');
    this.send(run, ws, { type: 'hello', secret, name: 'Client lab', resume: null });
    await run.waitFor(isMessage('welcome'));
    const id = `lab-${secret.slice(0, 8)}-1`;
    this.send(run, ws, { type: 'chat', id, text: 'Hello from the client lab' });
    await run.waitFor(isMessage('chat', (m) => m.id === id));
    await run.waitFor(isEvent('ping'));
    ws.close(1000, 'Lab scenario done');
    const close = await run.waitFor(isEvent('close'));
    return close.code === 1000
      ? { outcome: 'expected' as const, detail: 'open, echo, ping answered, closed with 1000' }
      : { outcome: 'unexpected' as const, detail: `closed with ${close.code}` };
  }

  private async refused(
    run: Run,
    target: LabTarget,
    protocols: string[],
    options: ClientOptions,
    status: number,
  ) {
    this.open(run, target, protocols, options);
    const response = await run.waitFor(isEvent('unexpected-response'));
    const close = await run.waitFor(isEvent('close'));
    const detail = `HTTP ${response.status} "${response.body}", then close ${close.code}`;
    return {
      outcome:
        response.status === status && !run.has('open')
          ? ('expected' as const)
          : ('unexpected' as const),
      detail,
    };
  }

  private async redirect(run: Run, target: LabTarget) {
    const url = `ws://127.0.0.1:${target.port}${LAB_REDIRECT_PATH}`;
    const ws = this.open(
      run,
      target,
      [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + target.token],
      { followRedirects: true, maxRedirects: 1 },
      url,
    );
    const redirect = await run.waitFor(isEvent('redirect'));
    await run.waitFor(isEvent('open'));
    ws.close(1000, 'Lab scenario done');
    await run.waitFor(isEvent('close'));
    return { outcome: 'expected' as const, detail: `followed 302 to ${redirect.url}` };
  }

  private async serverHeader(run: Run, target: LabTarget) {
    const ws = this.open(run, target, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + target.token]);
    const upgrade = await run.waitFor(isEvent('upgrade'));
    await run.waitFor(isEvent('open'));
    ws.close(1000, 'Lab scenario done');
    await run.waitFor(isEvent('close'));
    const added = upgrade.headers.find(([name]) => name.toLowerCase() === HUB_HEADER.toLowerCase());
    return added
      ? { outcome: 'expected' as const, detail: `${added[0]}: ${added[1]}` }
      : { outcome: 'unexpected' as const, detail: `no ${HUB_HEADER} header in the response` };
  }

  /** A hand-written upgrade with an invalid Sec-WebSocket-Key: ws emits wsClientError. */
  private async malformed(run: Run, target: LabTarget) {
    const request =
      'GET / HTTP/1.1\r\n' +
      `Host: 127.0.0.1:${target.port}\r\n` +
      `Origin: ${target.origin}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: not-a-valid-key\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${target.token}\r\n\r\n`;
    const socket = connectTcp(target.port, '127.0.0.1');
    run.cleanups.push(() => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err) => run.event({ name: 'error', message: err.message }));
    socket.on('close', () =>
      run.event({ name: 'raw-response', text: clip(Buffer.concat(chunks).toString('utf8')) }),
    );
    socket.write(request);
    run.event({ name: 'raw-request', text: redact(request) });
    const response = await run.waitFor(isEvent('raw-response'));
    return response.text.startsWith('HTTP/1.1 400')
      ? { outcome: 'expected' as const, detail: response.text.split('\r\n')[0] ?? '' }
      : { outcome: 'unexpected' as const, detail: 'no 400 response' };
  }

  /** autoPong off: the hub's pings go unanswered and it terminates the connection (1006). */
  private async noPong(run: Run, target: LabTarget) {
    this.open(run, target, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + target.token], {
      autoPong: false,
    });
    await run.waitFor(isEvent('open'));
    const close = await run.waitFor(isEvent('close'));
    const pings = run.count('ping');
    const detail = `close ${close.code} after ${pings} unanswered pings`;
    return close.code === CLOSE_CODES.abnormal.code && pings > 0
      ? { outcome: 'expected' as const, detail }
      : { outcome: 'unexpected' as const, detail };
  }
}
