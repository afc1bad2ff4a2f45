// Names are unique among the windows online: a second "Ada" is shown as "Ada (2)", so people
// can tell who wrote what. Compared without case, so "ada" and "Ada" are not both shown.

import { LIMITS } from '../protocol/messages';

/** `wanted`, or `wanted (n)` with the smallest n >= 2 that nobody in `taken` has. */
export function uniqueName(wanted: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((name) => name.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  // Bounded: at most one name per online window can be in the way.
  for (let n = 2; n <= lower.size + 2; n++) {
    const suffix = ` (${n})`;
    const candidate = wanted.slice(0, LIMITS.maxNameLength - suffix.length).trimEnd() + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
  return wanted;
}
