import { describe, expect, it } from 'vitest'
import { cidrSchema, createAddressClassifier, createAddressSet, parseCidr } from './classifyAddress.ts'

describe('classifyAddress', () => {
  it('calls RFC 1918 and unique-local addresses internal by default, other addresses external', () => {
    const kind = createAddressClassifier()
    expect(['10.20.7.23', '172.31.0.1', '192.168.4.2', 'fd00:12::7', '::ffff:10.1.2.3'].map(kind)).toEqual([
      'internal',
      'internal',
      'internal',
      'internal',
      'internal',
    ])
    expect(['203.0.113.9', '172.32.0.1', '8.8.8.8', '2001:db8::1'].map(kind)).toEqual([
      'external',
      'external',
      'external',
      'external',
    ])
  })

  it('takes the trust’s own ranges (HSCN or public blocks) instead', () => {
    const kind = createAddressClassifier(['194.176.0.0/16'])
    expect(kind('194.176.12.40')).toBe('internal')
    expect(kind('10.1.1.1')).toBe('external')
  })

  it('leaves names to the host mappings', () => {
    expect(createAddressClassifier()('WS-W07-03')).toBe('name')
    expect(createAddressClassifier()('c2.example.net')).toBe('name')
  })

  it('parses CIDR blocks and refuses what is not one', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ network: '10.20.0.0', prefix: 16, family: 'ipv4' })
    for (const bad of ['10.20.0.0', '10.20.0.0/33', 'ward-7/24', '/8', 'fd00::/129'])
      expect(parseCidr(bad), bad).toBeNull()
    expect(cidrSchema.safeParse('10.0.0.0/40').success).toBe(false)
    expect(createAddressSet(['10.20.7.0/24']).has('10.20.7.200')).toBe(true)
    expect(createAddressSet(['10.20.7.0/24']).has('WS-W07-03')).toBe(false)
  })
})
