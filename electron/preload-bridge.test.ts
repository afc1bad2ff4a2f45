import { describe, expect, it } from 'vitest';
import {
  BRIDGE_KEY,
  CONFIG_CHANNEL,
  NOTIFY_CHANNEL,
  SAVE_FILE_CHANNEL,
  SHOW_MESSAGE_CHANNEL,
  UNREAD_CHANNEL,
  type LoopchatBridge,
} from '../protocol/bridge';
import { ATTACHMENT_LIMITS } from '../protocol/attachment-limits';
import { exposeLoopchatBridge } from './preload-bridge';

function exposed() {
  const world = new Map<string, LoopchatBridge>();
  const invocations: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  exposeLoopchatBridge(
    { exposeInMainWorld: (key, api) => world.set(key, api) },
    {
      invoke: (...args: unknown[]) => {
        invocations.push(args);
        return Promise.resolve({ hubUrl: 'ws://127.0.0.1:1', token: 't' });
      },
      on: (channel, listener) => listeners.set(channel, listener),
    },
  );
  const bridge = world.get(BRIDGE_KEY);
  if (!bridge) throw new Error('nothing exposed');
  return { world, bridge, invocations, listeners };
}

describe('the preload bridge', () => {
  it('exposes window.loopchat with its five methods and nothing else', () => {
    const { world, bridge } = exposed();
    expect([...world.keys()]).toEqual([BRIDGE_KEY]);
    expect(Object.keys(bridge)).toEqual([
      'getConfig',
      'notify',
      'setUnread',
      'onShowMessage',
      'saveFile',
    ]);
  });

  it('passes a file to save as its name and bytes only, and refuses too many bytes itself', async () => {
    const { bridge, invocations } = exposed();
    const bytes = Uint8Array.of(1, 2, 3);
    const sneaky = { name: 'a.bin', bytes, path: '/etc/passwd' };
    await bridge.saveFile(sneaky);
    const big = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes + 1);
    await expect(bridge.saveFile({ name: 'big.bin', bytes: big })).rejects.toThrow(
      'saveFile refused',
    );
    expect(invocations).toEqual([[SAVE_FILE_CHANNEL, { name: 'a.bin', bytes }]]);
  });

  it('sends only the bytes a view shows, not the larger buffer behind it', async () => {
    const { bridge, invocations } = exposed();
    // IPC's structured clone would copy this whole buffer, far past the cap.
    const behind = new Uint8Array(ATTACHMENT_LIMITS.maxFileBytes * 2);
    behind.set([7, 8, 9], 100);
    await bridge.saveFile({ name: 'a.bin', bytes: behind.subarray(100, 103) });
    const [[, sent]] = invocations as [[string, { bytes: Uint8Array }]];
    expect(sent.bytes).toEqual(Uint8Array.of(7, 8, 9));
    expect(sent.bytes.buffer.byteLength).toBe(3);
  });

  it('asks the main process on the config channel, passing nothing from the page', async () => {
    const { bridge, invocations } = exposed();
    const getConfig = bridge.getConfig as (...args: unknown[]) => Promise<unknown>;
    await expect(getConfig('other-channel', { evil: true })).resolves.toMatchObject({ token: 't' });
    expect(invocations).toEqual([[CONFIG_CHANNEL]]);
  });

  it('sends only the three notification fields and the unread count', async () => {
    const { bridge, invocations } = exposed();
    const sneaky = { messageId: 'm1', title: 'Ada', body: 'hi', icon: 'file:///etc/passwd' };
    await bridge.notify(sneaky);
    await bridge.setUnread(3);
    expect(invocations).toEqual([
      [NOTIFY_CHANNEL, { messageId: 'm1', title: 'Ada', body: 'hi' }],
      [UNREAD_CHANNEL, 3],
    ]);
  });

  it('hands the page a clicked message id, never the IPC event', () => {
    const { bridge, listeners } = exposed();
    const got: unknown[][] = [];
    bridge.onShowMessage((...args) => got.push(args));
    listeners.get(SHOW_MESSAGE_CHANNEL)?.({ sender: 'secret' }, 'm7');
    listeners.get(SHOW_MESSAGE_CHANNEL)?.({ sender: 'secret' }, { not: 'an id' });
    expect(got).toEqual([['m7']]);
  });
});
