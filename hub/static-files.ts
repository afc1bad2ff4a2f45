// Browser mode: the hub serves the built renderer itself, so a browser tab is a window.
// Only GET/HEAD of files inside the renderer folder; everything else is refused.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { securityHeaders, sendPlain } from './security-headers';

/** Content types of the files a built renderer holds (shared with Electron's app:// handler). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export { contentSecurityPolicy } from './security-headers';

export async function serveStatic(
  root: string,
  hubPort: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendPlain(res, 405, 'Method Not Allowed', hubPort);
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  const file = join(root, relative);
  if (!file.startsWith(root + sep)) return sendPlain(res, 403, 'Forbidden', hubPort);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendPlain(res, 404, 'Not Found', hubPort);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    ...securityHeaders(hubPort),
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
