import { describe, expect, it } from 'vitest'
import { layerMark, mapFreshnessNote } from './layerFreshness.ts'
import { FEED_LAYER_KEYS } from './useMapLayers.ts'

const restore = { asOf: 1_000, waitingFor: ['demo'] }

describe('the map’s freshness words', () => {
  it('says RESTORED for a layer restored from the log, STALE for stale or unknown, nothing when live', () => {
    expect(layerMark({ freshness: 'restored', restored: restore })).toBe('restored')
    expect(layerMark({ freshness: 'stale', restored: null })).toBe('stale')
    expect(layerMark({ freshness: 'unknown', restored: null })).toBe('stale')
    expect(layerMark({ freshness: 'live', restored: null })).toBeNull()
    expect(layerMark({ freshness: 'replay', restored: null })).toBeNull()
  })

  it('splits the shown layers into restored and stale, with the earliest restored time', () => {
    const views = [
      { topic: 'beds', freshness: 'restored' as const, restored: { asOf: 5_000, waitingFor: [] } },
      { topic: 'assets', freshness: 'restored' as const, restored: restore },
      { topic: 'network', freshness: 'stale' as const, restored: null },
      { topic: 'cyber', freshness: 'live' as const, restored: null },
    ]
    const note = mapFreshnessNote(views, () => true, FEED_LAYER_KEYS)
    expect(note).toEqual({ stale: ['network'], restored: ['beds', 'assets'], restoredAsOf: 1_000 })
    const bedsHidden = mapFreshnessNote(views, (key) => key !== 'beds', FEED_LAYER_KEYS)
    expect(bedsHidden.restored).toEqual(['assets'])
  })
})
