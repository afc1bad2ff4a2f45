// The baseline: the least a `ws` chat relay can do. It parses nothing and forwards each text
// frame, as received, to every client (the sender included, as the hub echoes). Same ws options
// as the hub where they matter for speed: no compression, 127.0.0.1, the same payload cap.
// `batched` adds the hub's one transport trick — each socket corked until the end of the turn,
// so a burst goes out in one write per client — to tell that trick from the protocol's cost.

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS } from '../protocol/messages';

export interface BareRelay {
  url: string;
  stop(): Promise<void>;
}

export async function startBareRelay(batched = false): Promise<BareRelay> {
  const http = createServer();
  const wss = new WebSocketServer({
    server: http,
    maxPayload: LIMITS.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  /** Each client with the TCP socket under it, for the batched variant's cork. */
  const clients = new Map<WebSocket, Duplex>();
  let corked: Duplex[] = [];
  const uncork = () => {
    for (const socket of corked) socket.uncork();
    corked = [];
  };
  wss.on('connection', (ws, req) => {
    clients.set(ws, req.socket);
    ws.on('message', (data, isBinary) => {
      if (!batched) {
        for (const client of clients.keys()) client.send(data, { binary: isBinary });
        return;
      }
      for (const [client, socket] of clients) {
        if (!socket.writableCorked) {
          socket.cork();
          if (corked.push(socket) === 1) process.nextTick(uncork);
        }
        client.send(data, { binary: isBinary });
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', () => clients.delete(ws));
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    async stop() {
      for (const client of clients.keys()) client.terminate();
      wss.close();
      http.close();
      http.closeAllConnections();
    },
  };
}
