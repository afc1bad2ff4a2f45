// Adapts the browser's WebSocket to the client's SocketLike, so the client itself stays free
// of DOM types and can be driven by a fake in tests.

import type { OpenSocket } from '../../../client/client-types';

export const openBrowserSocket: OpenSocket = (url, protocols, handlers) => {
  const ws = new WebSocket(url, protocols);
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
    // A copy with its own ArrayBuffer: what the DOM's send() is typed to take.
    send: (data) => ws.send(typeof data === 'string' ? data : data.slice()),
    close: (code, reason) => ws.close(code, reason),
  };
};
