import { describe, expect, it } from 'vitest'
import { createHostMatcher, isPlaced } from './createHostMatcher.ts'

describe('createHostMatcher', () => {
  const placeOf = createHostMatcher([
    { match: 'WS-W07-*', deviceId: 'acc-sw-7', siteId: 'site-a', unitId: 'ward-7' },
    { match: '10.20.8.0/22', siteId: 'site-a', unitId: 'ward-8' },
    { match: '10.20.*', siteId: 'site-a' },
  ])

  it('matches names by case-insensitive glob, first match wins', () => {
    expect(placeOf('ws-w07-03')).toEqual({ deviceId: 'acc-sw-7', siteId: 'site-a', unitId: 'ward-7' })
    expect(placeOf('WS-W08-01')).toEqual({ deviceId: null, siteId: null, unitId: null })
  })

  it('matches addresses by CIDR block, so a ward VLAN wider than a /24 maps in one line', () => {
    expect(placeOf('10.20.11.200')?.unitId).toBe('ward-8') // inside 10.20.8.0/22
    expect(placeOf('10.20.12.1')).toEqual({ deviceId: null, siteId: 'site-a', unitId: null }) // the glob
    expect(isPlaced(placeOf('10.21.0.1'))).toBe(false)
    expect(isPlaced(placeOf(null))).toBe(false)
  })
})
