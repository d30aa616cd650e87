import { describe, expect, it } from 'vitest'
import { GATEWAYS_STORAGE_KEY, encodeGateways, readCollaborativeParams } from './collaborativeParams.ts'

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  }
}

const GATEWAYS = [
  { trust: 'ngt', url: 'http://127.0.0.1:7301', token: 'token-ngt-1' },
  { trust: 'kvh', url: 'http://127.0.0.1:7302', token: 'token-kvh-2' },
]

describe('readCollaborativeParams', () => {
  it('reads the gateway list from the fragment and keeps it for a reload', () => {
    const storage = memoryStorage()
    const params = readCollaborativeParams(`#trusts=${encodeGateways(GATEWAYS)}&name=Four%20Shires`, storage)
    expect(params).toEqual({ kind: 'gateways', gateways: GATEWAYS, fromUrl: true, name: 'Four Shires' })
    expect(storage.data.has(GATEWAYS_STORAGE_KEY)).toBe(true)
    expect(readCollaborativeParams('', storage)).toEqual({
      kind: 'gateways',
      gateways: GATEWAYS,
      fromUrl: false,
      name: 'Four Shires',
    })
  })

  it('is none without a list: one gateway, as before', () => {
    expect(readCollaborativeParams('#token=abc', memoryStorage())).toEqual({ kind: 'none' })
  })

  it('refuses a list with a repeated trust, naming the field, and keeps nothing', () => {
    const storage = memoryStorage()
    const params = readCollaborativeParams(`#trusts=${encodeGateways([GATEWAYS[0]!, GATEWAYS[0]!])}`, storage)
    expect(params.kind).toBe('invalid')
    expect(params.kind === 'invalid' ? params.error : '').toMatch(/1\.trust .*repeats/)
    expect(storage.data.size).toBe(0)
  })

  it('refuses what is not base64url JSON', () => {
    expect(readCollaborativeParams('#trusts=%%%', memoryStorage()).kind).toBe('invalid')
  })
})
