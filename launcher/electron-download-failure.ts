// Puts a failed Electron download into words. The electron package's install.js dies with a
// stack trace whose first line ("TypeError: fetch failed") tells a user nothing; this maps
// the common failures to what went wrong, and says how to supply a binary instead.

/** How to get Electron without the download; printed under the reason (one line). */
export const ELECTRON_HINT =
  'To use an Electron you already have, set ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist; ' +
  'or run where github.com is reachable (`npx install-electron` fetches the binary).';

export interface DownloadOutcome {
  /** What install.js wrote to stderr, plus any spawn error message. */
  output: string;
  /** The installer was killed by our timeout. */
  timedOut: boolean;
}

const MAX_REASON = 120;

/** One short sentence (no newline) saying why Electron's binary could not be downloaded. */
export function explainDownloadFailure({ output, timedOut }: DownloadOutcome): string {
  if (timedOut || /ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|timed? ?out/i.test(output)) {
    return "the download of Electron's binary from GitHub timed out";
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(output)) {
    return "github.com could not be found (no DNS or no network), so Electron's binary cannot be downloaded";
  }
  const http = /Response code (\d{3})(?: \(([^)]*)\))?/.exec(output);
  if (http) {
    const status = http[2] ? `${http[1]} ${http[2]}` : http[1];
    return `GitHub answered HTTP ${status} to the download of Electron's binary`;
  }
  if (
    /fetch failed|ECONNREFUSED|ECONNRESET|ENETUNREACH|EHOSTUNREACH|socket hang up/i.test(output)
  ) {
    return "no network route to download Electron's binary from GitHub";
  }
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const reason = lines.find((l) => /error|fail/i.test(l)) ?? lines[0] ?? 'unknown error';
  const short = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
  return `its download failed: ${short}`;
}

/** The reason line's start, shared by `npm start` and the skipped Electron e2e spec. */
export function electronUnavailable(why: string): string {
  return `Electron is not available (${why})`;
}
