import { describe, expect, it } from 'vitest'
import { linkSecurityOf } from './linkSecurity.ts'

describe('linkSecurityOf', () => {
  it('calls https and wss protected, whatever the host', () => {
    expect(linkSecurityOf('https://gateway.trust.nhs.uk')).toBe('tls')
    expect(linkSecurityOf('wss://10.20.1.5:8740/v1')).toBe('tls')
  })

  it('calls http to this machine loopback', () => {
    for (const url of [
      'http://127.0.0.1:8740',
      'http://127.1.2.3',
      'http://localhost:1',
      'http://[::1]:80',
      'ws://wall.localhost',
    ]) {
      expect({ url, security: linkSecurityOf(url) }).toEqual({ url, security: 'loopback' })
    }
  })

  it('calls http over the network insecure, including names that only look local', () => {
    for (const url of [
      'http://10.20.1.5:8740',
      'http://gateway.trust.nhs.uk',
      'HTTP://GATEWAY',
      'ws://[fe80::1]:8740',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://user:pass@10.0.0.1/',
      'http://127.0.0.999',
    ]) {
      expect({ url, security: linkSecurityOf(url) }).toEqual({ url, security: 'insecure' })
    }
  })

  it('has no answer for what is not a gateway URL', () => {
    expect(linkSecurityOf('')).toBeNull()
    expect(linkSecurityOf('file:///etc/passwd')).toBeNull()
    expect(linkSecurityOf('gateway:8740')).toBeNull()
  })
})
