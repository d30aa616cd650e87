import { describe, expect, it } from 'vitest'
import { alarmsConfigSchema } from './alarmsConfigSchema.ts'

describe('alarms config', () => {
  it('defaults to a 12 h shelve cap and 20 actions at once, 60 a minute, per display', () => {
    expect(alarmsConfigSchema.parse({})).toEqual({
      historySize: 500,
      maxShelve: 12 * 3_600_000,
      actionRate: { burst: 20, perMinute: 60 },
    })
  })

  it('refuses a shelve cap past a day, with the bounds in the message', () => {
    const result = alarmsConfigSchema.safeParse({ maxShelve: '48h' })
    expect(result.error?.issues.map((i) => i.message)).toEqual(['maxShelve must lie between 60 s and 24 h'])
    expect(alarmsConfigSchema.safeParse({ maxShelve: 'one shift' }).error?.issues[0]?.message).toBe(
      'expected duration like "60m"',
    )
  })
})
