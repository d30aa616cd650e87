import { describe, expect, it } from 'vitest'
import { scopeId, scopeRecord, splitScopedId, trustOfId } from './trustScope.ts'

describe('trust scoping', () => {
  it('splits a scoped id at its first separator, so a trust’s own ids may hold one', () => {
    expect(scopeId('rwt', 'ward/7')).toBe('rwt/ward/7')
    expect(splitScopedId('rwt/ward/7')).toEqual({ trust: 'rwt', id: 'ward/7' })
    expect(trustOfId('ward-7')).toBeNull()
    expect(splitScopedId('/x')).toBeNull()
  })

  it('scopes every id field of any topic’s record, at any depth, and nothing else', () => {
    // A record of a topic this code has never heard of: the rule is by field name.
    const pathway = {
      id: 'p-1',
      providerSiteId: 'main',
      treatmentFunction: '100',
      stage: 'admitted',
      bookedUnitIds: ['ward-1', 'ward-2'],
      history: [{ unitId: 'ward-3', at: 5 }],
      count: 2,
    }
    const input = structuredClone(pathway)
    expect(scopeRecord('sandwell', pathway)).toEqual({
      id: 'sandwell/p-1',
      providerSiteId: 'sandwell/main',
      treatmentFunction: '100',
      stage: 'admitted',
      bookedUnitIds: ['sandwell/ward-1', 'sandwell/ward-2'],
      history: [{ unitId: 'sandwell/ward-3', at: 5 }],
      count: 2,
    })
    expect(pathway).toEqual(input)
  })

  it('leaves a null reference null', () => {
    expect(scopeRecord('rwt', { id: 'a', zoneId: null })).toEqual({ id: 'rwt/a', zoneId: null })
  })
})
