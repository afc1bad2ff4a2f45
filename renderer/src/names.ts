// Friendly default names for browser-mode tabs ("Amber Otter"), so a new tab is recognisable
// in the peer list before anyone renames it.

const ADJECTIVES = [
  'Amber',
  'Azure',
  'Brave',
  'Calm',
  'Clever',
  'Coral',
  'Dusky',
  'Eager',
  'Fuzzy',
  'Gentle',
  'Golden',
  'Happy',
  'Indigo',
  'Jolly',
  'Keen',
  'Lively',
  'Lucky',
  'Mellow',
  'Misty',
  'Nimble',
  'Olive',
  'Plucky',
  'Quiet',
  'Rosy',
  'Rusty',
  'Sandy',
  'Silver',
  'Sunny',
  'Swift',
  'Teal',
  'Velvet',
  'Witty',
] as const;

const ANIMALS = [
  'Badger',
  'Beaver',
  'Bison',
  'Crane',
  'Dingo',
  'Falcon',
  'Ferret',
  'Finch',
  'Gecko',
  'Heron',
  'Ibis',
  'Jackal',
  'Koala',
  'Lemur',
  'Lynx',
  'Marten',
  'Newt',
  'Ocelot',
  'Otter',
  'Panda',
  'Puffin',
  'Quokka',
  'Raven',
  'Robin',
  'Salmon',
  'Stoat',
  'Tapir',
  'Toucan',
  'Walrus',
  'Wombat',
  'Yak',
  'Zebra',
] as const;

function pick<T>(list: readonly [T, ...T[]], random: () => number): T {
  const index = Math.min(list.length - 1, Math.floor(Math.max(0, random()) * list.length));
  return list[index] ?? list[0];
}

export function friendlyName(random: () => number): string {
  return `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`;
}
