import { describe, expect, it } from 'vitest'
import { tacticIdOf } from './mitreTactics.ts'

describe('tacticIdOf', () => {
  it('keeps an id, upper-cased', () => {
    expect(tacticIdOf('ta0008')).toBe('TA0008')
    expect(tacticIdOf(['TA0040'])).toBe('TA0040')
  })

  it('maps names in the spellings SIEMs use', () => {
    expect(tacticIdOf('Lateral Movement')).toBe('TA0008')
    expect(tacticIdOf(['Credential Access'])).toBe('TA0006')
    expect(tacticIdOf('defence-evasion')).toBe('TA0005')
  })

  it('takes the first tactic of a list, and null when there is none', () => {
    expect(tacticIdOf('command-and-control, impact')).toBe('TA0011')
    expect(tacticIdOf(['nothing', 'Impact'])).toBe('TA0040')
    expect(tacticIdOf('nothing')).toBeNull()
  })
})
