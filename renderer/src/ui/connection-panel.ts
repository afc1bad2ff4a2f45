// The connection panel: readyState by name and number, the last close (code, meaning,
// reason), the reconnect countdown with "Reconnect now", and latency. The frame-by-frame
// log lives in the event inspector.

import type { ConnectionSnapshot } from '../../../client/client-types';
import { READY_STATES, readyStateLabel } from '../../../client/ready-state';
import { formatSeconds } from '../format';
import { t } from '../i18n';
import { byId } from './dom';

const COUNTDOWN_TICK_MS = 100;

export interface ConnectionPanel {
  update(state: ConnectionSnapshot): void;
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

  let current: ConnectionSnapshot | null = null;
  let ticker: number | undefined;
  reconnectButton.addEventListener('click', () => onReconnectNow());

  function reconnectLine(state: ConnectionSnapshot): string {
    if (state.reconnect) {
      const delay = formatSeconds(state.reconnect.at - Date.now());
      const { attempt } = state.reconnect;
      return state.lastFailure
        ? t('conn.reconnectingInFailed', { delay, attempt, code: state.lastFailure.code })
        : t('conn.reconnectingIn', { delay, attempt });
    }
    if (state.paused) return t('conn.paused', { why: state.paused });
    if (state.readyState === 1) return state.welcomed ? t('conn.connected') : t('conn.sayingHello');
    if (state.readyState === 0) return t('conn.connecting');
    if (state.readyState === 2) return t('conn.closing');
    return t('conn.notConnected');
  }

  function renderReconnect(): void {
    if (current) reconnectText.textContent = reconnectLine(current);
  }

  return {
    update(state) {
      current = state;
      const rs = state.readyState;
      readyState.textContent = rs === null ? t('app.notStarted') : readyStateLabel(rs);
      dot.dataset.state = rs === null ? 'none' : READY_STATES[rs].toLowerCase();
      hubUrl.textContent = state.hubUrl;
      protocol.textContent = state.protocol || '—';
      latency.textContent = state.latencyMs === null ? '—' : t('conn.ms', { ms: state.latencyMs });
      closeCode.textContent = state.lastClose ? String(state.lastClose.code) : '';
      closeMeaning.textContent = state.lastClose
        ? `${state.lastClose.meaning}${state.lastClose.wasClean ? '' : ` · ${t('conn.notClean')}`}`
        : '—';
      closeReason.textContent = state.lastClose?.reason ?? '';
      renderReconnect();
      // Only useful while waiting: connecting or connected, there is nothing to hurry.
      reconnectButton.disabled = rs === 0 || rs === 1;
      // The countdown ticks only while a reconnect is actually scheduled.
      if (state.reconnect && ticker === undefined) {
        ticker = window.setInterval(renderReconnect, COUNTDOWN_TICK_MS);
      } else if (!state.reconnect && ticker !== undefined) {
        window.clearInterval(ticker);
        ticker = undefined;
      }
    },
  };
}
