/**
 * HMAC-SHA256 keyed with the install secret, with one derived key per purpose, so a hash made for
 * one purpose (an alert id) can never be matched against one made for another (a log tag).
 */
import { createHmac } from 'node:crypto'

/** What a keyed hash is for; each purpose has its own derived key. */
export const KEYED_HASH_PURPOSES = ['cyber-alert-id', 'hl7-control-id', 'ptl-pathway-id'] as const
export type KeyedHashPurpose = (typeof KEYED_HASH_PURPOSES)[number]

/** Hex HMAC-SHA256 of `value` under the key derived for `purpose`. */
export type KeyedHash = (purpose: KeyedHashPurpose, value: string) => string

export function createKeyedHash(secret: Buffer): KeyedHash {
  if (secret.length < 16) throw new Error('install secret shorter than 16 bytes')
  const keys = new Map<KeyedHashPurpose, Buffer>(
    KEYED_HASH_PURPOSES.map((purpose) => [
      purpose,
      createHmac('sha256', secret).update(`watchfloor/${purpose}`).digest(),
    ]),
  )
  return (purpose, value) => {
    const key = keys.get(purpose)
    if (key === undefined) throw new Error(`unknown keyed hash purpose ${String(purpose)}`)
    return createHmac('sha256', key).update(value, 'utf8').digest('hex')
  }
}
