/**
 * Tokens from the config (and `--token`) → who and what role. Looked up by SHA-256 digest so the
 * lookup's timing does not depend on how much of a guessed token is right.
 */
import { createHash } from 'node:crypto'
import type { Role } from '../../shared/contracts/feed.ts'

export type Principal = { readonly name: string; readonly role: Role }
export type TokenTable = { lookup(token: string): Principal | undefined; readonly size: number }

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64')

export function createTokenTable(tokens: readonly { token: string; name: string; role: Role }[]): TokenTable {
  const table = new Map<string, Principal>()
  for (const entry of tokens) table.set(digest(entry.token), { name: entry.name, role: entry.role })
  return { lookup: (token) => table.get(digest(token)), size: table.size }
}

/** The token of `Authorization: Bearer …`; query strings are never read (they end up in logs). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}
