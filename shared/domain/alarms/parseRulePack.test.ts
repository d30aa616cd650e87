import { describe, expect, it } from 'vitest'
// Imported as text the way the renderer bundles it (shared/ tests have no Node fs).
import nhsDefaultRules from '../../../resources/alarm-rules/nhs-default.yaml?raw'
import { parseRulePack } from './parseRulePack.ts'
import { parseRulePackText } from './parseRulePackText.ts'

describe('parseRulePack', () => {
  it('accepts the default NHS rule pack shipped in resources/', () => {
    const result = parseRulePackText(nhsDefaultRules)
    if (!result.ok) throw new Error(result.errors.join('\n'))
    const byId = new Map(result.pack.rules.map((r) => [r.id, r]))
    // The thresholds the issue names, as the pack states them.
    expect(byId.get('occupancy-site-amber')).toMatchObject({ raise: 92, priority: 'medium' })
    expect(byId.get('occupancy-site-red')).toMatchObject({ raise: 95, priority: 'high' })
    expect(byId.get('network-device-down')).toMatchObject({ for: 60_000, groupBy: 'uplink' })
    expect(byId.get('bed-housekeeping-long')).toMatchObject({ for: 3_600_000 })
    expect(byId.get('asset-unseen')).toMatchObject({ for: 86_400_000 })
    expect(byId.get('gateway-disconnected')).toMatchObject({ for: 10_000, priority: 'high' })
    expect(byId.get('cyber-alert-new')).toMatchObject({ severities: ['critical', 'high'] })
  })

  it('names the bad rule, its index and the field in the error', () => {
    const text = `
version: 1
name: broken
rules:
  - { id: a, kind: gateway-disconnected, title: A, priority: high }
  - { id: b, kind: gateway-disconnected, title: B, priority: high }
  - { id: c, kind: gateway-disconnected, title: C, priority: high }
  - { id: bed-housekeeping-long, kind: bed-housekeeping, title: Slow clean, priority: low, for: an hour }
`
    expect(parseRulePackText(text)).toEqual({
      ok: false,
      errors: ['rules[3] "bed-housekeeping-long": for: expected duration like "60m"'],
    })
  })

  it('reports every bad rule: unknown kinds, bad priorities, duplicate ids', () => {
    const result = parseRulePack({
      version: 1,
      name: 'broken',
      rules: [
        { id: 'x', kind: 'telepathy', title: 'X', priority: 'high' },
        { id: 'y', kind: 'feed-stale', title: 'Y', priority: 'urgent' },
        { id: 'z', kind: 'feed-stale', title: 'Z', priority: 'low' },
        { id: 'z', kind: 'feed-stale', title: 'Z again', priority: 'low' },
      ],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(3)
    expect(result.errors[0]).toMatch(/^rules\[0\] "x": kind: expected one of kpi-threshold, device-down/)
    expect(result.errors[1]).toMatch(/^rules\[1\] "y": priority: /)
    expect(result.errors[2]).toBe('rules[3] "z": id: duplicate rule id')
  })

  it('refuses text that is not YAML, or a pack without a version', () => {
    expect(parseRulePackText('rules: [unclosed')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^pack: not valid YAML/)],
    })
    expect(parseRulePack({ name: 'x', rules: [] })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^pack: version/)],
    })
  })
})
