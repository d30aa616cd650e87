import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { mqttSourceConfigSchema } from './mqttSourceConfig.ts'

describe('mqttSourceConfigSchema', () => {
  it('accepts the mqtt sections of gateway/config.example.yaml (the documented example stays valid)', () => {
    const example = parse(readFileSync(new URL('../../config.example.yaml', import.meta.url), 'utf8')) as {
      sources: { kind: string }[]
    }
    const sections = example.sources.filter((s) => s.kind === 'mqtt')
    expect(sections.length).toBeGreaterThan(0)
    for (const section of sections)
      expect(mqttSourceConfigSchema.parse(section).unknownTags).toEqual({ action: 'reject' })
  })

  it('refuses a password without a username and unknown keys', () => {
    const base = { kind: 'mqtt', id: 'r', url: 'mqtt://127.0.0.1:1883', mapping: { tagId: 'id', zone: 'z' } }
    expect(mqttSourceConfigSchema.safeParse({ ...base, password: 'secret' }).success).toBe(false)
    expect(mqttSourceConfigSchema.safeParse({ ...base, topik: 'typo' }).success).toBe(false)
    expect(mqttSourceConfigSchema.safeParse(base).success).toBe(true)
  })
})
