import { describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../security/createKeyedHash.ts'
import { controlIdTag, eventLabel } from './hl7LogFields.ts'

const keyedHash = createKeyedHash(Buffer.alloc(32, 3))

describe('controlIdTag', () => {
  it('tags the same control id the same way, without containing it', () => {
    const id = 'NHS9434765919-0001'
    const tag = controlIdTag(keyedHash, id)
    expect(tag).toMatch(/^h:[0-9a-f]{12}$/)
    expect(tag).toBe(controlIdTag(keyedHash, id))
    expect(tag).not.toBe(controlIdTag(keyedHash, 'NHS9434765919-0002'))
    expect(tag).not.toContain('9434765919')
    expect(tag).not.toBe(controlIdTag(createKeyedHash(Buffer.alloc(32, 4)), id))
  })

  it('has nothing to tag for a missing id', () => {
    expect(controlIdTag(keyedHash, '')).toBeNull()
    expect(controlIdTag(keyedHash, undefined)).toBeNull()
  })
})

describe('eventLabel', () => {
  it('keeps trigger events and hides anything else a sender put in MSH-9', () => {
    expect(['A01', 'A20', 'Z99'].map(eventLabel)).toEqual(['A01', 'A20', 'Z99'])
    expect(['9434765919', 'A01X', '', 'a01'].map(eventLabel)).toEqual(['other', 'other', 'other', 'other'])
  })
})
