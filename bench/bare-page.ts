// The limit a window on this hub can reach: a bare page that speaks `loopchat.v1` directly
// (hello with a secret, chat frames) and appends one element per chat frame. No storage, no
// virtual list, no inspector. It is served by the hub itself, on the hub's own origin, from a
// copy of the built renderer made for the benchmark only: Chromium blocks a WebSocket to
// 127.0.0.1 from a page of unknown address space (one fulfilled by Playwright's `route`), and
// the product never serves this page.
//
// Its DOM hooks match a Loopchat window's where the benchmark reads them: the list is
// [data-testid="messages"], rows from someone else have data-kind="other", the state line is
// [data-testid="ready-state"] ("OPEN" once the socket is open), the input is #composer.

import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/messages';

export const BARE_PAGE = 'bench-bare.html';

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bare page</title></head>
<body>
<p id="ready-state" data-testid="ready-state">CONNECTING</p>
<input id="composer" autocomplete="off">
<div id="messages" data-testid="messages"></div>
<script src="bench-bare.js"></script>
</body>
</html>
`;

// Plain JavaScript (the hub's CSP allows only same-origin scripts, so it is a file of its own).
const SCRIPT = `(() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const url = 'ws://127.0.0.1:' + location.port;
  const list = document.getElementById('messages');
  const state = document.getElementById('ready-state');
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  let ws = null;
  let me = '';
  let historyId = null;
  let lastSeq = 0;
  let next = 0;
  const connect = () => {
    ws = new WebSocket(url, [${JSON.stringify(SUBPROTOCOL)}, ${JSON.stringify(TOKEN_PROTOCOL_PREFIX)} + token]);
    ws.onopen = () => {
      state.textContent = 'OPEN';
      const resume = historyId === null ? null : { historyId, lastSeq };
      ws.send(JSON.stringify({ type: 'hello', secret, name: 'bare', resume }));
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'welcome') {
        me = message.you.id;
        historyId = message.historyId;
        return;
      }
      if (message.type !== 'chat') return;
      lastSeq = message.seq;
      const row = document.createElement('div');
      row.dataset.kind = message.from.id === me ? 'own' : 'other';
      row.textContent = message.text;
      list.append(row);
    };
    ws.onclose = () => {
      state.textContent = 'CLOSED';
      setTimeout(connect, 250);
    };
  };
  window.__bare = {
    send: (text) => ws.send(JSON.stringify({ type: 'chat', id: 'b' + next++, text })),
  };
  document.getElementById('composer').focus();
  connect();
})();
`;

/**
 * A temporary folder holding the built renderer and the bare page, for the benchmark's hub to
 * serve: Loopchat windows and bare pages then share one origin and one hub.
 */
export function benchStaticDir(rendererDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopchat-bench-pages-'));
  cpSync(rendererDir, dir, { recursive: true });
  writeFileSync(join(dir, BARE_PAGE), HTML);
  writeFileSync(join(dir, 'bench-bare.js'), SCRIPT);
  return dir;
}
