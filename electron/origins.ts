// Where Loopchat's own pages live, and the check every security decision uses: a window may
// only show, navigate within and talk to the main process from these origins.

export const APP_SCHEME = 'app';
export const APP_HOST = 'loopchat';
/** The origin Chromium gives pages served by the app:// protocol (a standard scheme). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it has none. Node's URL gives non-special
 * schemes such as app: an opaque "null" origin, but Chromium treats our registered standard
 * scheme as a real origin, so it is built by hand here.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** A predicate that is true only for URLs on one of the given origins (exact match). */
export function createOriginCheck(origins: readonly string[]): (url: string) => boolean {
  const allowed = new Set(origins);
  return (url) => {
    const origin = originOf(url);
    return origin !== null && allowed.has(origin);
  };
}

/** Only web links may leave the app, and only to the user's browser. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
