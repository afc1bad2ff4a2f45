// WebSocket.readyState values by name. Spelled out here because the constants on the
// WebSocket global do not exist in the Node test environment.

import { t } from '../renderer/src/i18n';

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;
export type ReadyStateName = (typeof READY_STATES)[number];
export type ReadyState = 0 | 1 | 2 | 3;

export const CONNECTING: ReadyState = 0;
export const OPEN: ReadyState = 1;
export const CLOSING: ReadyState = 2;
export const CLOSED: ReadyState = 3;

export function toReadyState(value: number): ReadyState {
  return value === 0 || value === 1 || value === 2 ? value : CLOSED;
}

/** The label shown in the connection panel, e.g. "OPEN (1)". */
export function readyStateLabel(state: ReadyState): string {
  return `${READY_STATES[state]} (${state})`;
}

/** A short explanation of a readyState in the page's language (RFC 6455 §4 and §7, the API). */
export function describeReadyState(state: ReadyState): string {
  return t(`readyState.meaning.${state}` as const);
}
