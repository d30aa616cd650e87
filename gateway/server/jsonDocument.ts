import { createHash } from 'node:crypto'

/** A JSON response body computed once, with its strong ETag (a digest of the exact bytes). */
export type JsonDocument = { readonly body: Buffer; readonly etag: string; readonly contentType: string }

export function jsonDocument(value: unknown, contentType = 'application/json'): JsonDocument {
  const body = Buffer.from(JSON.stringify(value), 'utf8')
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`
  return { body, etag, contentType: `${contentType}; charset=utf-8` }
}

/** RFC 9110 §13.1.2: If-None-Match matches on `*` or any listed tag (weak comparison). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
