import { describe, expect, it } from 'vitest'
import { makeAsset, makeDevice, makeSiteModel, tableOf } from '../../../tests/support/builders.ts'
import { EMPTY_FOOTPRINT, outageFootprint } from './outageFootprint.ts'

describe('outageFootprint', () => {
  const siteModel = makeSiteModel()

  it('lists the beds and assets inside the wards a down access point serves, including their bays', () => {
    const devices = tableOf([
      makeDevice({ id: 'ap1', status: 'down', servesUnitIds: ['ward-a1'] }),
      makeDevice({ id: 'ap2', status: 'up', servesUnitIds: ['ward-b1'] }),
    ])
    const assets = tableOf([
      makeAsset({ id: 'inBay', zoneId: 'bay-a1' }),
      makeAsset({ id: 'elsewhere', zoneId: 'ward-b1' }),
    ])
    const footprint = outageFootprint(siteModel, devices, assets)
    expect(footprint.deviceIds).toEqual(['ap1'])
    expect([...footprint.unitIds].sort()).toEqual(['bay-a1', 'side-a1', 'ward-a1'])
    expect([...footprint.bedIds].sort()).toEqual(['a1-1', 'a1-2', 'a1-3', 'a1-4', 'a1-s1'])
    expect([...footprint.assetIds]).toEqual(['inBay'])
  })

  it('is empty when nothing is down (degraded and unknown are not outages)', () => {
    const devices = tableOf([
      makeDevice({ id: 'a', status: 'degraded' }),
      makeDevice({ id: 'b', status: 'unknown' }),
    ])
    expect(outageFootprint(siteModel, devices, tableOf([]))).toBe(EMPTY_FOOTPRINT)
  })
})
