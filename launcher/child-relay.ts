// `npm start` / `npm run dev` run Electron as a child of the launcher. Ctrl+C (SIGINT) or a
// SIGTERM aimed at the launcher must reach Electron, which then quits through its normal path
// (the hub closes every socket with 1001), and the launcher must outlive it: exiting first
// would orphan Electron or cut off its output.
//
// On Windows nothing is forwarded: there `child.kill(signal)` is always TerminateProcess, a
// forced kill whatever the signal (Node's child_process docs), so the hub would never say
// goodbye. Electron shares the launcher's console and receives the Ctrl+C itself (libuv turns
// CTRL_C_EVENT into SIGINT in its main process), so the launcher only waits.

import { constants } from 'node:os';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** The part of a ChildProcess the relay uses. */
export interface RelayedChild {
  kill(signal: ForwardedSignal): boolean;
  once(
    event: 'exit',
    listener: (code: number | null, signal: NodeJS.Signals | null) => void,
  ): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

/** Where the launcher's own signals arrive (process). */
export interface SignalSource {
  on(signal: ForwardedSignal, listener: () => void): unknown;
  off(signal: ForwardedSignal, listener: () => void): unknown;
}

/** A shell's convention: killed by signal N exits with 128 + N. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}

/**
 * Forwards SIGINT/SIGTERM to `child` until it exits; resolves with the code the launcher
 * should exit with. Listening for the signals also keeps Node from dying on the first Ctrl+C.
 */
export function relayToChild(
  child: RelayedChild,
  source: SignalSource = process,
  platform: NodeJS.Platform = process.platform,
): Promise<number> {
  const forwarders = FORWARDED_SIGNALS.map((signal) => {
    const forward = () => {
      if (platform !== 'win32') child.kill(signal);
    };
    source.on(signal, forward);
    return () => source.off(signal, forward);
  });
  const stopForwarding = () => forwarders.forEach((remove) => remove());
  return new Promise<number>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(exitCodeOf(code, signal));
    });
    child.once('error', (error) => {
      stopForwarding();
      reject(error);
    });
  });
}
