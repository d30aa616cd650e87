import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { snmpSourceConfigSchema } from './snmpSourceConfig.ts'

const device = {
  id: 'd',
  name: 'D',
  kind: 'core-switch',
  siteId: 's',
  host: '127.0.0.1',
  snmp: { version: '2c', community: 'public' },
}

describe('snmpSourceConfigSchema', () => {
  it('accepts the snmp sections of gateway/config.example.yaml (the documented example stays valid)', () => {
    const example = parse(readFileSync(new URL('../../config.example.yaml', import.meta.url), 'utf8')) as {
      sources: { kind: string }[]
    }
    const sections = example.sources.filter((s) => s.kind === 'snmp')
    expect(sections.length).toBeGreaterThan(0)
    for (const section of sections)
      expect(snmpSourceConfigSchema.parse(section).devices.length).toBeGreaterThan(0)
  })

  it('refuses v3 security levels without their keys, duplicate devices, and polls that could overlap', () => {
    const v3 = (snmp: Record<string, unknown>): boolean =>
      snmpSourceConfigSchema.safeParse({
        kind: 'snmp',
        id: 's',
        devices: [{ ...device, snmp: { version: '3', user: 'u', ...snmp } }],
      }).success
    expect(v3({ level: 'noAuthNoPriv' })).toBe(true)
    expect(v3({ level: 'authNoPriv' })).toBe(false)
    expect(v3({ level: 'authPriv', authProtocol: 'sha', authKey: '12345678' })).toBe(false)
    expect(
      v3({
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: '12345678',
        privProtocol: 'aes',
        privKey: '87654321',
      }),
    ).toBe(true)
    expect(
      snmpSourceConfigSchema.safeParse({ kind: 'snmp', id: 's', devices: [device, device] }).success,
    ).toBe(false)
    expect(
      snmpSourceConfigSchema.safeParse({
        kind: 'snmp',
        id: 's',
        intervalMs: 1000,
        timeoutMs: 600,
        retries: 1,
        devices: [device],
      }).success,
    ).toBe(false)
  })
})
