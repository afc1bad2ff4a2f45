import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, relayToChild, type ForwardedSignal, type SignalSource } from './child-relay';

/** Stands in for `process`: a test raises the launcher's signals by emitting them. */
class FakeSignals extends EventEmitter implements SignalSource {}

/** A child that records the signals it is sent and exits when the test says so. */
class FakeChild extends EventEmitter {
  readonly received: ForwardedSignal[] = [];
  kill(signal: ForwardedSignal): boolean {
    this.received.push(signal);
    return true;
  }
}

describe('the launcher relays signals to Electron', () => {
  it('forwards SIGINT and SIGTERM and waits for the child before resolving', async () => {
    const signals = new FakeSignals();
    const child = new FakeChild();
    let settled = false;
    const exit = relayToChild(child, signals, 'linux').then((code) => {
      settled = true;
      return code;
    });
    signals.emit('SIGINT');
    signals.emit('SIGTERM');
    expect(child.received).toEqual(['SIGINT', 'SIGTERM']);
    await Promise.resolve();
    expect(settled).toBe(false);

    child.emit('exit', 3, null);
    expect(await exit).toBe(3);
    // Once the child is gone, the launcher stops listening (a later Ctrl+C behaves normally).
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('on Windows waits for Electron, which gets the Ctrl+C itself, instead of killing it', async () => {
    const signals = new FakeSignals();
    const child = new FakeChild();
    const exit = relayToChild(child, signals, 'win32');
    signals.emit('SIGINT');
    signals.emit('SIGTERM');
    expect(child.received).toEqual([]);
    // Still listening, so the first Ctrl+C does not end the launcher before Electron.
    expect(signals.listenerCount('SIGINT')).toBe(1);
    child.emit('exit', 0, null);
    expect(await exit).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('rejects when the child cannot be started', async () => {
    const child = new FakeChild();
    const exit = relayToChild(child, new FakeSignals());
    child.emit('error', new Error('spawn ENOENT'));
    await expect(exit).rejects.toThrow('spawn ENOENT');
  });

  it('maps a death by signal to 128 + its number, as shells do', () => {
    expect(exitCodeOf(0, null)).toBe(0);
    expect(exitCodeOf(null, 'SIGINT')).toBe(130);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143);
  });

  it.skipIf(process.platform === 'win32')(
    'a real child process gets the SIGINT, cleans up, and its exit code comes back',
    async () => {
      // Quits on SIGINT the way Electron's main process does: finish up, then exit.
      const script = `
        process.on('SIGINT', () => { console.log('got SIGINT'); setTimeout(() => process.exit(7), 50); });
        console.log('ready');
        setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const signals = new FakeSignals();
      const exit = relayToChild(child, signals, process.platform);
      await once(child.stdout, 'data');
      signals.emit('SIGINT');
      expect(await exit).toBe(7);
      expect(output).toContain('got SIGINT');
    },
  );
});
