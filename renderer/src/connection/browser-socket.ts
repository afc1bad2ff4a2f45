// Adapts the browser's WebSocket to the client's SocketLike, so the client itself stays free
// of DOM types and can be driven by a fake in tests.

import type { OpenSocket, SocketLike } from '../../../client/client-types';

export const openBrowserSocket: OpenSocket = (url, protocols, handlers): SocketLike => {
  const ws = new WebSocket(url, protocols);
  // File chunks arrive as ArrayBuffers the client reads at once (never Blobs to await).
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => handlers.open();
  ws.onmessage = (event: MessageEvent<unknown>) => handlers.message(event.data);
  ws.onerror = () => handlers.error();
  ws.onclose = (event) =>
    handlers.close({ code: event.code, reason: event.reason, wasClean: event.wasClean });
  return {
    get readyState() {
      return ws.readyState;
    },
    get protocol() {
      return ws.protocol;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data) => ws.send(typeof data === 'string' ? data : new Uint8Array(data)),
    close: (code, reason) => ws.close(code, reason),
  };
};
