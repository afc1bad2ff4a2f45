// Reconnect delays: exponential backoff with "full jitter" (a uniformly random delay between
// 0 and the exponential ceiling), so windows that lost the hub together do not all come
// back in the same millisecond.

export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, capMs: 10_000 };

/** The largest delay allowed before retry number `attempt` (0 = first retry). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
}

/** A delay in [0, ceiling); `random` returns [0, 1) like Math.random. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(attempt, policy));
}
