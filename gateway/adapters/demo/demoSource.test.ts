import { describe, expect, it } from 'vitest'
import type { Logger } from '../../log/Logger.ts'
import { demoSource } from './demoSource.ts'

const log: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => log,
}

describe('demoSource', () => {
  it('builds the demo trust from a config entry, with its places and floor plans', async () => {
    const created = await demoSource.create(
      { kind: 'demo', id: 'demo-a', seed: 4 },
      { log, now: () => 0, configDir: '.' },
    )
    expect(demoSource.kind).toBe('demo')
    expect(created.adapter.id).toBe('demo-a')
    expect(created.siteModel?.sites).toHaveLength(3)
    expect(created.floorPlans?.size).toBe(created.siteModel?.levels.length)
  })

  it('refuses a config entry with an unknown key', async () => {
    await expect(
      demoSource.create({ kind: 'demo', id: 'd', speed: 2 }, { log, now: () => 0, configDir: '.' }),
    ).rejects.toThrow(/speed/)
  })
})
