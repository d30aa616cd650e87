import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyedHash } from './createKeyedHash.ts'

const secretA = Buffer.alloc(32, 1)
const secretB = Buffer.alloc(32, 2)

describe('createKeyedHash', () => {
  it('is stable for one secret and differs between secrets and purposes', () => {
    const a = createKeyedHash(secretA)
    const b = createKeyedHash(secretB)
    expect(a('cyber-alert-id', 'ws-w07-03')).toBe(createKeyedHash(secretA)('cyber-alert-id', 'ws-w07-03'))
    expect(a('cyber-alert-id', 'ws-w07-03')).not.toBe(b('cyber-alert-id', 'ws-w07-03'))
    expect(a('cyber-alert-id', 'ws-w07-03')).not.toBe(a('hl7-control-id', 'ws-w07-03'))
    expect(a('cyber-alert-id', 'x')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is not the unkeyed SHA-256 a viewer could recompute', () => {
    const plain = createHash('sha256').update('ws-w07-03').digest('hex')
    expect(createKeyedHash(secretA)('cyber-alert-id', 'ws-w07-03')).not.toBe(plain)
  })

  it('refuses a short secret', () => {
    expect(() => createKeyedHash(Buffer.alloc(8))).toThrow(/shorter than 16/)
  })
})
