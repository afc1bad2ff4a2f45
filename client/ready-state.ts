// WebSocket.readyState values by name. Spelled out here because the constants on the
// WebSocket global do not exist in Node (the terminal, the tests). Each UI explains a state in
// its own words; the names and numbers are the API's own.

export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;
export type ReadyStateName = (typeof READY_STATES)[number];
export type ReadyState = 0 | 1 | 2 | 3;

export const CONNECTING: ReadyState = 0;
export const OPEN: ReadyState = 1;
export const CLOSING: ReadyState = 2;
export const CLOSED: ReadyState = 3;

/** A socket's readyState as a ReadyState; anything unknown counts as CLOSED. */
export function toReadyState(value: number): ReadyState {
  return value === CONNECTING || value === OPEN || value === CLOSING ? value : CLOSED;
}

/** The label shown in the connection panel, e.g. "OPEN (1)". */
export function readyStateLabel(state: ReadyState): string {
  return `${READY_STATES[state]} (${state})`;
}
