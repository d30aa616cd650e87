/**
 * Serves the built renderer (`--serve-renderer DIR`) so a browser can show a board without
 * installing anything. Every response carries the strict CSP of the Electron windows.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: wss:; worker-src 'self' blob:; font-src 'self'; media-src 'self'"

/**
 * The CSP with other gateways the page may fetch from (`rendererConnect`): a collaborative wall
 * served here reads its partner trusts' site models and floor plans (docs/collaborative.md).
 */
export function rendererCsp(connect: readonly string[]): string {
  if (connect.length === 0) return RENDERER_CSP
  return RENDERER_CSP.replace(
    "connect-src 'self' ws: wss:",
    `connect-src 'self' ws: wss: ${connect.join(' ')}`,
  )
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/** Serves `pathname` from `root`; resolves false when there is no such file (the caller 404s). */
export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
  csp: string = RENDERER_CSP,
): Promise<boolean> {
  const base = resolve(root)
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    // A malformed %-escape: the request is bad, not the server.
    res.writeHead(400).end('bad path')
    return true
  }
  const relative = decoded === '/' ? 'index.html' : normalize(decoded).replace(/^([/\\])+/, '')
  const file = join(base, relative)
  // No escaping the renderer directory (`..`, encoded slashes).
  if (file !== base && !file.startsWith(base + sep)) return false
  const info = await stat(file).catch(() => null)
  if (info === null || !info.isFile()) return false
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    // Vite names built assets by content hash; index.html must be revalidated.
    'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (req.method === 'HEAD') {
    res.end()
    return true
  }
  createReadStream(file).pipe(res)
  return true
}
