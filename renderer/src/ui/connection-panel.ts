// The connection panel: readyState by name and number, the last close (code, meaning,
// reason), the reconnect countdown with "Reconnect now", latency, and the wire event log.

import type { ConnectionSnapshot, WireLogEntry } from '../connection/client';
import { READY_STATES, readyStateLabel } from '../connection/ready-state';
import { formatClock, formatSeconds } from '../format';
import { byId, el, timeElement } from './dom';

const WIRE_LOG_LIMIT = 120;
const COUNTDOWN_TICK_MS = 100;

export interface ConnectionPanel {
  update(state: ConnectionSnapshot): void;
  logWire(entry: WireLogEntry): void;
}

export function createConnectionPanel(onReconnectNow: () => void): ConnectionPanel {
  const readyState = byId('ready-state', HTMLElement);
  const dot = byId('state-dot', HTMLElement);
  const hubUrl = byId('hub-url', HTMLElement);
  const protocol = byId('protocol', HTMLElement);
  const latency = byId('latency', HTMLElement);
  const closeCode = byId('close-code', HTMLElement);
  const closeMeaning = byId('close-meaning', HTMLElement);
  const closeReason = byId('close-reason', HTMLElement);
  const reconnectText = byId('reconnect-text', HTMLElement);
  const reconnectButton = byId('reconnect-now', HTMLButtonElement);
  const wire = byId('wire', HTMLOListElement);

  let current: ConnectionSnapshot | null = null;
  let ticker: number | undefined;
  reconnectButton.addEventListener('click', () => onReconnectNow());

  function reconnectLine(state: ConnectionSnapshot): string {
    if (state.reconnect) {
      const left = formatSeconds(state.reconnect.at - Date.now());
      const failed = state.lastFailure ? `; last try failed: ${state.lastFailure.code}` : '';
      return `Reconnecting in ${left} (attempt ${state.reconnect.attempt}${failed})`;
    }
    if (state.paused) return `Not reconnecting: ${state.paused}`;
    if (state.readyState === 1) return state.welcomed ? 'Connected' : 'Saying hello…';
    if (state.readyState === 0) return 'Connecting…';
    if (state.readyState === 2) return 'Closing…';
    return 'Not connected';
  }

  function renderReconnect(): void {
    if (current) reconnectText.textContent = reconnectLine(current);
  }

  return {
    update(state) {
      current = state;
      const rs = state.readyState;
      readyState.textContent = rs === null ? 'not started' : readyStateLabel(rs);
      dot.dataset.state = rs === null ? 'none' : READY_STATES[rs].toLowerCase();
      hubUrl.textContent = state.hubUrl;
      protocol.textContent = state.protocol || '—';
      latency.textContent = state.latencyMs === null ? '—' : `${state.latencyMs} ms`;
      closeCode.textContent = state.lastClose ? String(state.lastClose.code) : '';
      closeMeaning.textContent = state.lastClose
        ? `${state.lastClose.meaning}${state.lastClose.wasClean ? '' : ' · not clean'}`
        : '—';
      closeReason.textContent = state.lastClose?.reason ?? '';
      renderReconnect();
      // The countdown ticks only while a reconnect is actually scheduled.
      if (state.reconnect && ticker === undefined) {
        ticker = window.setInterval(renderReconnect, COUNTDOWN_TICK_MS);
      } else if (!state.reconnect && ticker !== undefined) {
        window.clearInterval(ticker);
        ticker = undefined;
      }
    },

    logWire(entry) {
      const arrow = entry.direction === 'in' ? '↓' : entry.direction === 'out' ? '↑' : '•';
      const stick = wire.scrollHeight - wire.scrollTop - wire.clientHeight < 24;
      wire.append(
        el(
          'li',
          { attrs: { 'data-direction': entry.direction } },
          timeElement(entry.at, formatClock(entry.at)),
          el('span', { className: 'arrow', text: ` ${arrow} `, attrs: { 'aria-hidden': 'true' } }),
          el('span', { text: entry.text }),
        ),
      );
      while (wire.children.length > WIRE_LOG_LIMIT) wire.firstElementChild?.remove();
      if (stick) wire.scrollTop = wire.scrollHeight;
    },
  };
}
