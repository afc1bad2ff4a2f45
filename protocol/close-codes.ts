// Every close code Loopchat knows, in one table: the RFC 6455 / IANA codes a user may meet and
// the codes Loopchat itself sends. The hub closes with these names, the window decides from
// `reconnects` whether to try again, and the console and inspector show `meaning`.

export interface CloseCodeFact {
  readonly code: number;
  readonly name: string;
  /** One line a person can read beside the number. */
  readonly meaning: string;
  /** Whether a window closed with this code tries again on its own. */
  readonly reconnects: boolean;
}

const fact = (code: number, name: string, meaning: string, reconnects = true): CloseCodeFact => ({
  code,
  name,
  meaning,
  reconnects,
});

export const CLOSE_CODES = {
  normal: fact(1000, 'Normal Closure', 'Normal Closure'),
  goingAway: fact(1001, 'Going Away', 'Going Away'),
  protocolError: fact(1002, 'Protocol Error', 'Protocol Error'),
  unsupportedData: fact(1003, 'Unsupported Data', 'Unsupported Data'),
  noStatus: fact(1005, 'No Status Received', 'No Status Received'),
  abnormal: fact(1006, 'Abnormal Closure', 'Abnormal Closure (no close frame)'),
  invalidPayload: fact(1007, 'Invalid Frame Payload Data', 'Invalid Frame Payload Data'),
  policyViolation: fact(1008, 'Policy Violation', 'Policy Violation'),
  tooBig: fact(1009, 'Message Too Big', 'Message Too Big'),
  missingExtension: fact(1010, 'Mandatory Extension', 'Mandatory Extension Missing'),
  internalError: fact(1011, 'Internal Error', 'Internal Error'),
  serviceRestart: fact(1012, 'Service Restart', 'Service Restart'),
  tryAgainLater: fact(1013, 'Try Again Later', 'Try Again Later'),
  badGateway: fact(1014, 'Bad Gateway', 'Bad Gateway'),
  tlsHandshake: fact(1015, 'TLS Handshake', 'TLS Handshake Failure'),
  // Loopchat's own (4000-4999 are private to an application).
  /** The same window connected again; racing it back would loop, so the old one stays off. */
  replaced: fact(4000, 'Replaced', 'Replaced by a newer connection from this window', false),
  /** "Remove" in the server console: the window stays off until its user reconnects. */
  removed: fact(4001, 'Removed', 'Removed by the server', false),
  /** "Drop" in the server console: the connection ends and the window reconnects. */
  dropped: fact(4002, 'Dropped', 'Dropped by the server; the window reconnects'),
  /** Sent by the window itself when the hub stopped sending anything at all. */
  silent: fact(4100, 'Hub Silent', 'Hub went silent (no frames)'),
} as const satisfies Record<string, CloseCodeFact>;

const BY_CODE = new Map<number, CloseCodeFact>(Object.values(CLOSE_CODES).map((f) => [f.code, f]));

export function closeCodeFact(code: number): CloseCodeFact | undefined {
  return BY_CODE.get(code);
}

/** The meaning of `code`, or of its range when Loopchat does not know it by number. */
export function describeCloseCode(code: number): string {
  const known = BY_CODE.get(code);
  if (known) return known.meaning;
  if (code >= 4000 && code <= 4999) return 'Application-defined code';
  if (code >= 3000 && code <= 3999) return 'Library or framework code';
  if (code >= 1000 && code <= 2999) return 'Reserved by the WebSocket standard';
  return 'Not a valid close code';
}

/** Whether a window closed with `code` reconnects by itself (unknown codes: yes). */
export function reconnectsAfter(code: number): boolean {
  return BY_CODE.get(code)?.reconnects ?? true;
}

/**
 * Why the server console may not close a connection with `code`, or null if it may: the three
 * standard codes an endpoint may send for these reasons (RFC 6455 §7.4.1) and the application
 * range, except 4000, which means only what the hub's own replace does.
 */
export function consoleCloseCodeRefusal(code: number): string | null {
  if (code === CLOSE_CODES.replaced.code) {
    return `close code ${code} (Replaced) is sent only when the same window connects again; use 4001 to remove a window or 4002 to drop it`;
  }
  if (isAllowedCloseCode(code)) return null;
  return `close code ${code} is not allowed (use 1000, 1001, 1008 or 4001-4999)`;
}

/** The codes the server console may close a connection with (see consoleCloseCodeRefusal). */
export function isAllowedCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    (code === CLOSE_CODES.normal.code ||
      code === CLOSE_CODES.goingAway.code ||
      code === CLOSE_CODES.policyViolation.code ||
      (code > CLOSE_CODES.replaced.code && code <= 4999))
  );
}
