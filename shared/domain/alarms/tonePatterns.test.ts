import { describe, expect, it } from 'vitest'
import { encodeWav, synthesiseBurst, TONE_PATTERNS } from './tonePatterns.ts'

const RATE = 22_050

/** Start times (ms) of sound after silence, read back from the samples. */
function pulseStarts(samples: Int16Array): number[] {
  const starts: number[] = []
  let silentFor = Infinity
  samples.forEach((s, i) => {
    if (Math.abs(s) > 200) {
      if (silentFor > RATE * 0.03) starts.push(Math.round((i / RATE) * 1000))
      silentFor = 0
    } else silentFor += 1
  })
  return starts
}

describe('tone patterns (IEC 60601-1-8)', () => {
  it('gives high priority a 10-pulse burst, medium 3 pulses and low 2, at the pattern’s times', () => {
    for (const [priority, count] of [
      ['high', 10],
      ['medium', 3],
      ['low', 2],
    ] as const) {
      const pattern = TONE_PATTERNS[priority]
      const starts = pulseStarts(synthesiseBurst(pattern, RATE))
      expect(starts).toHaveLength(count)
      starts.forEach((s, i) => expect(Math.abs(s - (pattern.pulses[i] ?? -1))).toBeLessThanOrEqual(5))
    }
  })

  it('repeats high more often than medium, medium more often than low', () => {
    expect(TONE_PATTERNS.high.repeatMs).toBeLessThan(TONE_PATTERNS.medium.repeatMs)
    expect(TONE_PATTERNS.medium.repeatMs).toBeLessThan(TONE_PATTERNS.low.repeatMs)
  })

  it('writes a valid 16-bit mono PCM WAV header', () => {
    const wav = encodeWav(synthesiseBurst(TONE_PATTERNS.low, RATE), RATE)
    const view = new DataView(wav.buffer)
    const text = (o: number): string => String.fromCharCode(...wav.slice(o, o + 4))
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data'])
    expect(view.getUint32(4, true)).toBe(wav.length - 8)
    expect(view.getUint16(22, true)).toBe(1)
    expect(view.getUint32(24, true)).toBe(RATE)
    expect(view.getUint16(34, true)).toBe(16)
  })
})
