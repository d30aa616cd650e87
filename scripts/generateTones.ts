/**
 * Writes the alarm tones shipped in resources/sounds/ (high.wav, medium.wav, low.wav): one burst of
 * each IEC 60601-1-8 pattern (see shared/domain/alarms/tonePatterns.ts). The renderer repeats the
 * burst at the pattern's interval. Deterministic: re-running produces identical files.
 *
 *   node scripts/generateTones.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { ALARM_PRIORITIES } from '../shared/contracts/alarms.ts'
import { encodeWav, synthesiseBurst, TONE_PATTERNS } from '../shared/domain/alarms/tonePatterns.ts'

const SAMPLE_RATE = 22_050
const outDir = new URL('../resources/sounds/', import.meta.url)

mkdirSync(outDir, { recursive: true })
for (const priority of ALARM_PRIORITIES) {
  const wav = encodeWav(synthesiseBurst(TONE_PATTERNS[priority], SAMPLE_RATE), SAMPLE_RATE)
  const file = new URL(`${priority}.wav`, outDir)
  writeFileSync(file, wav)
  process.stdout.write(`wrote ${file.pathname} (${wav.length} bytes)\n`)
}
