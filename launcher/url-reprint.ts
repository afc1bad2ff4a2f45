// Pressing Enter in the terminal prints the links again, so they can be found after the log
// has scrolled them away. Only where stdin is a terminal: a pipe or /dev/null is left alone.

/** The part of process.stdin this needs. */
export interface TerminalInput {
  readonly isTTY?: boolean;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  pause(): unknown;
}

export const REPRINT_HINT = 'Press Enter here to show these links again.';

/** Calls `reprint` once per input chunk holding a line end; returns a stop function, or null
 * (and does nothing) when the input is not a terminal. */
export function reprintOnEnter(input: TerminalInput, reprint: () => void): (() => void) | null {
  if (input.isTTY !== true) return null;
  const onData = (chunk: string): void => {
    if (/[\r\n]/.test(chunk)) reprint();
  };
  input.setEncoding('utf8');
  input.on('data', onData);
  return () => {
    input.off('data', onData);
    input.pause();
  };
}
