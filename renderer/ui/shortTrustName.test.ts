import { describe, expect, it } from 'vitest'
import { shortTrustName } from './shortTrustName.ts'

describe('shortTrustName', () => {
  it('abbreviates by the NHS rules, never with an ellipsis', () => {
    expect(shortTrustName('Northgate Teaching Hospitals NHS Foundation Trust')).toBe(
      'Northgate Teaching Hospitals NHS FT',
    )
    expect(shortTrustName('Westmere University Hospitals NHS Foundation Trust')).toBe('Westmere UH NHS FT')
  })

  it('leaves a name the rules do not cover as it is', () => {
    expect(shortTrustName('The Royal Example NHS Trust')).toBe('The Royal Example NHS Trust')
  })
})
