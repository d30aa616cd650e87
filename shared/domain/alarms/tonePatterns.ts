/**
 * Alarm tone patterns after IEC 60601-1-8 (§6.3.3, Table 4), as data plus a pure synthesiser, so
 * `scripts/generateTones.ts` can write the WAV files shipped in `resources/sounds/` and a test can
 * check their timing without listening to them.
 *
 * - high: a burst of 10 pulses (3 + 2, pause, 3 + 2), pulses 150 ms; repeated about every 10 s
 * - medium: a burst of 3 pulses, pulses 200 ms; repeated about every 25 s
 * - low: 2 pulses, pulses 200 ms, lower pitch; repeated about every 30 s
 * Pulses are a fundamental with four harmonics (the standard asks for at least four within
 * ±15 dB, so the tone is locatable and heard over ward noise), with 20 ms rise and fall.
 */
import type { AlarmPriority } from '../../contracts/alarms.ts'

export type TonePattern = {
  /** Pulse start times within the burst, ms. */
  readonly pulses: readonly number[]
  readonly pulseMs: number
  /** Fundamental frequency, Hz. */
  readonly frequency: number
  /** How long the burst file lasts (pulses plus trailing silence), ms. */
  readonly burstMs: number
  /** How often the player repeats the burst while the alarm stays unacknowledged, ms. */
  readonly repeatMs: number
}

const HIGH_SPACING = 250 // 150 ms pulse + 100 ms gap

export const TONE_PATTERNS: Readonly<Record<AlarmPriority, TonePattern>> = {
  high: {
    pulses: [0, 1, 2, 3.4, 4.4, 6.8, 7.8, 8.8, 10.2, 11.2].map((k) => Math.round(k * HIGH_SPACING)),
    pulseMs: 150,
    frequency: 660,
    burstMs: 3_000,
    repeatMs: 10_000,
  },
  medium: { pulses: [0, 350, 700], pulseMs: 200, frequency: 523, burstMs: 1_100, repeatMs: 25_000 },
  low: { pulses: [0, 400], pulseMs: 200, frequency: 392, burstMs: 800, repeatMs: 30_000 },
}

const HARMONICS: readonly number[] = [1, 0.7, 0.5, 0.35, 0.25]
const RAMP_MS = 20

/** One burst of a priority's pattern as 16-bit mono PCM samples. */
export function synthesiseBurst(pattern: TonePattern, sampleRate: number): Int16Array {
  const samples = new Int16Array(Math.round((pattern.burstMs / 1000) * sampleRate))
  const pulseSamples = Math.round((pattern.pulseMs / 1000) * sampleRate)
  const ramp = Math.round((RAMP_MS / 1000) * sampleRate)
  const norm = HARMONICS.reduce((a, b) => a + b, 0)
  for (const startMs of pattern.pulses) {
    const start = Math.round((startMs / 1000) * sampleRate)
    for (let i = 0; i < pulseSamples && start + i < samples.length; i += 1) {
      const t = i / sampleRate
      const envelope = Math.min(1, i / ramp, (pulseSamples - 1 - i) / ramp)
      let v = 0
      HARMONICS.forEach((amp, h) => {
        v += amp * Math.sin(2 * Math.PI * pattern.frequency * (h + 1) * t)
      })
      samples[start + i] = Math.round((v / norm) * envelope * 0.8 * 32767)
    }
  }
  return samples
}

/** A RIFF/WAVE file (PCM, 16-bit, mono) holding `samples`. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2)
  const view = new DataView(bytes.buffer)
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i))
  }
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + samples.length * 2, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  ascii(36, 'data')
  view.setUint32(40, samples.length * 2, true)
  samples.forEach((s, i) => view.setInt16(44 + i * 2, s, true))
  return bytes
}
