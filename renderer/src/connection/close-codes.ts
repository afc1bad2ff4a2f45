// Short English meanings of WebSocket close codes (RFC 6455 §7.4 and the IANA registry),
// plus the codes Loopchat itself uses, so "1006" on screen explains itself.

const KNOWN: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure (no close frame)',
  1007: 'Invalid Frame Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension Missing',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake Failure',
  // Loopchat application codes (4000-4999 are private to an application).
  4000: 'Replaced by a newer connection from this window',
  4100: 'Hub went silent (no frames)',
};

/** Close code the hub uses when the same window connected again elsewhere. */
export const CLOSE_REPLACED = 4000;
/** Close code this client uses when the hub stopped sending anything (dead connection). */
export const CLOSE_SILENT = 4100;

export function describeCloseCode(code: number): string {
  const known = KNOWN[code];
  if (known !== undefined) return known;
  if (code >= 4000 && code <= 4999) return 'Application-defined code';
  if (code >= 3000 && code <= 3999) return 'Library or framework code';
  if (code >= 1000 && code <= 2999) return 'Reserved by the WebSocket standard';
  return 'Not a valid close code';
}
