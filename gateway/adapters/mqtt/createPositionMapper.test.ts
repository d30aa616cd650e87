import { describe, expect, it } from 'vitest'
import { assetSchema } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { createPositionMapper } from './createPositionMapper.ts'
import { mqttSourceConfigSchema, type MqttSourceConfigInput } from './mqttSourceConfig.ts'

const NOW = Date.UTC(2026, 10, 21, 9, 0, 0)
const rect = (x: number, y: number, w: number, h: number): [number, number][] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
]

const siteModel: SiteModel = {
  trust: { id: 't', name: 'Trust', odsCode: null },
  sites: [{ id: 'site-a', physicalType: 'si', name: 'A', shortName: 'A' }],
  buildings: [{ id: 'b', physicalType: 'bu', siteId: 'site-a', name: 'Main' }],
  levels: [
    {
      id: 'lvl-1',
      physicalType: 'lvl',
      siteId: 'site-a',
      buildingId: 'b',
      name: 'One',
      shortName: '1',
      ordinal: 1,
      origin: [0, 51],
    },
  ],
  units: [
    {
      id: 'ward-7',
      physicalType: 'wa',
      kind: 'ward',
      siteId: 'site-a',
      buildingId: 'b',
      levelId: 'lvl-1',
      parentUnitId: null,
      name: 'Ward 7',
      specialty: null,
      generalAndAcute: true,
      outline: rect(0, 0, 40, 20),
      labelAt: [20, 10],
    },
    {
      id: 'bay-3',
      physicalType: 'ro',
      kind: 'bay',
      siteId: 'site-a',
      buildingId: 'b',
      levelId: 'lvl-1',
      parentUnitId: 'ward-7',
      name: 'Bay 3',
      specialty: null,
      generalAndAcute: true,
      outline: rect(20, 0, 10, 10),
      labelAt: [25, 5],
    },
  ],
  beds: [],
}

function mapperFor(overrides: Partial<MqttSourceConfigInput> = {}): ReturnType<typeof createPositionMapper> {
  const config = mqttSourceConfigSchema.parse({
    kind: 'mqtt',
    id: 'rtls',
    url: 'mqtt://127.0.0.1:1883',
    mapping: {
      tagId: 'id',
      x: 'x',
      y: 'y',
      level: 'lvl',
      zone: 'rdr',
      battery: 'bat',
      time: 't',
      timeFormat: 'epoch-ms',
    },
    levels: { '1': 'lvl-1' },
    zones: { R9: { levelId: 'lvl-1', x: 2, y: 3, zoneId: null } },
    tags: { P1: { type: 'infusion-pump', label: 'IP-1' } },
    ...overrides,
  } satisfies MqttSourceConfigInput)
  return createPositionMapper(config, siteModel)
}

const map = (payload: unknown, mapper = mapperFor()): ReturnType<ReturnType<typeof createPositionMapper>> =>
  mapper('rtls/gw/position', JSON.stringify(payload), NOW)

describe('createPositionMapper', () => {
  it('maps x/y with a level alias and finds the smallest unit containing the point', () => {
    const result = map({ id: 'P1', x: 25, y: 5, lvl: 1, bat: 55, t: NOW - 1000 })
    expect(result).toEqual({
      ok: true,
      asset: {
        id: 'P1',
        type: 'infusion-pump',
        label: 'IP-1',
        siteId: 'site-a',
        levelId: 'lvl-1',
        x: 25,
        y: 5,
        zoneId: 'bay-3',
        homeUnitId: null,
        lastSeen: NOW - 1000,
        battery: 55,
        state: 'available',
      },
    })
    if (result.ok) expect(assetSchema.parse(result.asset)).toEqual(result.asset)
  })

  it('places a reader-only fix at the reader and keeps a null zone for unmapped space', () => {
    expect(map({ id: 'P1', rdr: 'R9', t: NOW })).toMatchObject({
      ok: true,
      asset: { x: 2, y: 3, levelId: 'lvl-1', zoneId: null },
    })
  })

  it('uses the receive time when no time is mapped', () => {
    const mapper = mapperFor({ mapping: { tagId: 'id', zone: 'rdr' } })
    expect(map({ id: 'P1', rdr: 'R9' }, mapper)).toMatchObject({ ok: true, asset: { lastSeen: NOW } })
  })

  it('reads epoch seconds, ISO times and fractional batteries', () => {
    const seconds = mapperFor({
      mapping: {
        tagId: 'id',
        zone: 'rdr',
        time: 't',
        timeFormat: 'epoch-s',
        battery: 'b',
        batteryFormat: 'fraction',
      },
    })
    expect(map({ id: 'P1', rdr: 'R9', t: (NOW - 5000) / 1000, b: 0.5 }, seconds)).toMatchObject({
      ok: true,
      asset: { lastSeen: NOW - 5000, battery: 50 },
    })
    const iso = mapperFor({ mapping: { tagId: 'id', zone: 'rdr', time: 't', timeFormat: 'iso' } })
    expect(map({ id: 'P1', rdr: 'R9', t: '2026-11-21T08:59:00+00:00' }, iso)).toMatchObject({
      ok: true,
      asset: { lastSeen: NOW - 60_000 },
    })
    expect(map({ id: 'P1', rdr: 'R9', t: '2026-11-21' }, iso)).toEqual({
      ok: false,
      reason: 'time missing or not iso (tag P1)',
    })
  })

  it.each([
    [{ id: 'P1', x: 1, y: 1, lvl: 1, t: NOW + 10 * 60_000 }, 'time is in the future (tag P1)'],
    [{ id: 'P1', x: 1, y: 1, lvl: 1, t: NOW, bat: 140 }, 'battery out of range (tag P1)'],
    [{ id: 'P1', x: 'east', y: 1, lvl: 1, t: NOW }, 'x/y are not numbers (tag P1)'],
    [{ id: 'P1', x: 1, y: 1, t: NOW }, 'level missing (tag P1)'],
    [{ id: 'P1', x: 1, y: 1, lvl: 'B9', t: NOW }, 'unknown level B9 (tag P1)'],
    [{ id: 'P1', t: NOW }, 'no position: neither x/y nor a zone (tag P1)'],
    [{ id: 'P1', rdr: 'R404', t: NOW }, 'unknown zone R404 (tag P1)'],
    [{ id: 'X2', rdr: 'R9', t: NOW }, 'unknown tag X2'],
    [{ id: { nested: true }, rdr: 'R9', t: NOW }, 'tag id missing or not a string/number'],
    [[1, 2, 3], 'payload is not a JSON object'],
  ])('rejects %j', (payload, reason) => {
    expect(map(payload)).toEqual({ ok: false, reason })
  })

  it('rejects bytes that are not UTF-8 JSON without echoing them', () => {
    const mapper = mapperFor()
    expect(mapper('rtls/gw/position', new Uint8Array([0xff, 0xfe, 0x00]), NOW)).toMatchObject({ ok: false })
    const result = mapper('rtls/gw/position', '{"id":"P1","secret":"Jane Doe"', NOW)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).not.toContain('Jane')
  })

  it('does not follow paths into the prototype chain', () => {
    const mapper = mapperFor({ mapping: { tagId: '__proto__.constructor', zone: 'rdr' } })
    expect(map({ rdr: 'R9' }, mapper)).toEqual({ ok: false, reason: 'tag id missing or not a string/number' })
  })

  it('requires either x and y or a zone in the mapping', () => {
    const parsed = mqttSourceConfigSchema.safeParse({
      kind: 'mqtt',
      id: 'r',
      url: 'mqtt://127.0.0.1:1',
      mapping: { tagId: 'id', x: 'x' },
    })
    expect(parsed.success).toBe(false)
    expect(
      mqttSourceConfigSchema.safeParse({
        kind: 'mqtt',
        id: 'r',
        url: 'http://x',
        mapping: { tagId: 'id', zone: 'z' },
      }).success,
    ).toBe(false)
  })
})
