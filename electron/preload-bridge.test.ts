import { describe, expect, it } from 'vitest';
import { BRIDGE_KEY, CONFIG_CHANNEL, type LoopchatBridge } from '../protocol/bridge';
import { exposeLoopchatBridge } from './preload-bridge';

function exposed() {
  const world = new Map<string, LoopchatBridge>();
  const invocations: unknown[][] = [];
  exposeLoopchatBridge(
    { exposeInMainWorld: (key, api) => world.set(key, api) },
    {
      invoke: (...args: unknown[]) => {
        invocations.push(args);
        return Promise.resolve({ hubUrl: 'ws://127.0.0.1:1', token: 't' });
      },
    },
  );
  return { world, invocations };
}

describe('the preload bridge', () => {
  it('exposes window.loopchat with getConfig and nothing else', () => {
    const { world } = exposed();
    expect([...world.keys()]).toEqual([BRIDGE_KEY]);
    expect(Object.keys(world.get(BRIDGE_KEY) ?? {})).toEqual(['getConfig']);
  });

  it('asks the main process on the config channel, passing nothing from the page', async () => {
    const { world, invocations } = exposed();
    const getConfig = world.get(BRIDGE_KEY)?.getConfig as (...args: unknown[]) => Promise<unknown>;
    await expect(getConfig('other-channel', { evil: true })).resolves.toMatchObject({ token: 't' });
    expect(invocations).toEqual([[CONFIG_CHANNEL]]);
  });
});
