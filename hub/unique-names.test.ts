// Two people online never show the same name or (while there are colours to spare) colour.

import { describe, expect, it } from 'vitest';
import { SLOT_ORDER } from '../protocol/colour-slots';
import { hubsStoppedAfterEach, join } from './test/test-client';
import { uniqueName } from './unique-names';

const hubs = hubsStoppedAfterEach();

async function started() {
  const { url, token } = await hubs.start();
  return async (name: string) => hubs.track(await join(url, token, name));
}

describe('names unique among the windows online', () => {
  it('gives a second and third "Ada" a numbered name in their welcome', async () => {
    const joinAs = await started();
    await joinAs('Ada');
    const second = await joinAs('Ada');
    const third = await joinAs('ada');
    expect(second.received.find((m) => m.type === 'welcome')).toMatchObject({
      you: { name: 'Ada (2)' },
    });
    expect(third.received.find((m) => m.type === 'welcome')).toMatchObject({
      you: { name: 'ada (3)' },
    });
  });

  it('renames to a taken name as a numbered one, told to the renamer and the others', async () => {
    const joinAs = await started();
    const ada = await joinAs('Ada');
    const bob = await joinAs('Bob');
    await ada.next('presence'); // Bob joined
    bob.send({ type: 'rename', name: 'Ada' });
    for (const window of [ada, bob]) {
      expect((await window.next('presence')).change).toMatchObject({
        kind: 'renamed',
        peer: { id: bob.peerId, name: 'Ada (2)' },
        previousName: 'Bob',
      });
    }
    // Keeping your own name is not a clash with yourself.
    ada.send({ type: 'rename', name: 'Ada' });
    expect((await ada.next('presence')).change).toMatchObject({ peer: { name: 'Ada' } });
  });

  it('keeps a suffixed name within the name limit', () => {
    const long = 'x'.repeat(32);
    expect(uniqueName(long, [long])).toBe(`${'x'.repeat(28)} (2)`);
    expect(uniqueName('Ada', ['Bob'])).toBe('Ada');
  });

  it('gives online windows distinct colour slots, far apart first', async () => {
    const joinAs = await started();
    const colours: (number | undefined)[] = [];
    for (const name of ['A', 'B', 'C', 'D']) {
      const client = await joinAs(name);
      const welcome = client.received.find((m) => m.type === 'welcome');
      colours.push(welcome?.type === 'welcome' ? welcome.you.colour : undefined);
    }
    expect(colours).toEqual(SLOT_ORDER.slice(0, 4));
  });
});
