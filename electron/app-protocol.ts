// The app:// protocol: serves the built renderer (out/renderer) at app://loopchat/ instead
// of file://, so pages get a real origin the hub can allow-list and a CSP header that lets
// them connect to the hub and nowhere else.

import type { CustomScheme } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AppProtocolHandler } from './electron-api';
import { CONTENT_TYPES, contentSecurityPolicy } from '../hub/static-files';
import { APP_HOST, APP_SCHEME } from './origins';

/** Registered before `ready`: standard + secure gives app://loopchat a proper secure origin. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

function plain(status: number): Response {
  return new Response(STATUS_TEXT[status] ?? 'Error', {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The file a request names inside root, or a reason to refuse it. */
function locate(root: string, requestUrl: string): { file: string } | { status: number } {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return { status: 404 };
  let pathname: string;
  try {
    // Decoded so that an encoded "..%2F" is caught by the containment check below.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0')) return { status: 400 };
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!file.startsWith(root + sep)) return { status: 403 };
  return { file };
}

export function createAppProtocolHandler(rendererDir: string, hubPort: number): AppProtocolHandler {
  const root = resolve(rendererDir);
  const csp = contentSecurityPolicy(hubPort);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405);
    }
    const target = locate(root, request.url);
    if ('status' in target) return plain(target.status);
    const info = await stat(target.file).catch(() => null);
    if (!info?.isFile()) return plain(404);
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(target.file));
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': CONTENT_TYPES[extname(target.file)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
