import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import type { WaitingEntity } from '../../../shared/contracts/waiting.ts'
import { makeSiteModel } from '../../../tests/support/builders.ts'
import { createRecordingContext } from '../../../tests/support/recordingAdapterContext.ts'
import { createPtlAdapter, ptlConfigSchema, type PtlAdapter } from './createPtlAdapter.ts'

// 2026-12-03 12:00 UTC: "today" in London is 2026-12-03.
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0)
const HEADER =
  'pathway_id,treatment_function_code,priority,clock_start_date,stage,tci_date,provider_site_code'
const EXTRACT = [
  HEADER,
  'A,110,P2,2026-06-01,admitted,2026-11-01,',
  'B,130,,2025-10-01,outpatient,,',
  'C,502,P4,2026-11-20,diagnostic,,',
].join('\n')

const adapters: PtlAdapter[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.stop()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function started(
  config: Record<string, unknown>,
): Promise<{ adapter: PtlAdapter; rec: ReturnType<typeof createRecordingContext> }> {
  const adapter = createPtlAdapter(ptlConfigSchema.parse({ kind: 'ptl', id: 'ptl', ...config }))
  adapters.push(adapter)
  const rec = createRecordingContext({ siteModel: makeSiteModel(), now: () => NOW })
  await adapter.start(rec.context)
  return { adapter, rec }
}

const body = (text: string): Readable => Readable.from([Buffer.from(text)])
const waiting = (rec: ReturnType<typeof createRecordingContext>): WaitingEntity[] => [
  ...rec.entities.waiting.values(),
]

describe('the PTL source', () => {
  it('replaces its list with each new extract, and plans nothing for a repeat', async () => {
    const { adapter, rec } = await started({ watch: { dir: await tempDir() } })
    const first = await adapter.ingest(body(EXTRACT), 'test')
    expect(first).toMatchObject({ outcome: 'applied', added: 3, removed: 0 })
    expect(waiting(rec).filter((e) => e.kind === 'pathway')).toHaveLength(3)
    const day = waiting(rec).find((e) => e.kind === 'day')
    expect(day).toMatchObject({
      id: `day:${makeSiteModel().trust.id}:2026-12-03`,
      trustId: makeSiteModel().trust.id,
      bands: { '0-18': 1, '18-52': 1, '52-65': 1, '65-78': 0, '78+': 0 },
      p2Overdue: 1,
    })

    const opsBefore = rec.accepted.length
    const again = await adapter.ingest(body(EXTRACT), 'test')
    expect(again).toMatchObject({ outcome: 'unchanged', added: 0, updated: 0, removed: 0 })
    expect(rec.accepted.length).toBe(opsBefore)
    expect(rec.confirmations).toEqual([NOW])

    // B treated (off the list), A rebooked, D new.
    const next = [
      HEADER,
      'A,110,P2,2026-06-01,admitted,2026-12-10,',
      'C,502,P4,2026-11-20,diagnostic,,',
      'D,101,P3,2026-12-01,admitted,,',
    ].join('\n')
    expect(await adapter.ingest(body(next), 'test')).toMatchObject({
      outcome: 'applied',
      added: 1,
      updated: 1,
      removed: 1,
    })
    expect(waiting(rec).filter((e) => e.kind === 'pathway')).toHaveLength(3)
    expect(rec.lastStatus()).toMatchObject({
      status: 'up',
      detail: expect.stringContaining('3 pathways, no row rejected'),
    })
  })

  it('keeps the previous list when an extract is refused whole, and says so in its status', async () => {
    const { adapter, rec } = await started({ watch: { dir: await tempDir() } })
    await adapter.ingest(body(EXTRACT), 'test')
    const outcome = await adapter.ingest(body('nhs_number,surname\n1,2\n'), 'test')
    expect(outcome).toMatchObject({ outcome: 'refused' })
    expect(waiting(rec).filter((e) => e.kind === 'pathway')).toHaveLength(3)
    expect(rec.lastStatus()?.detail).toContain('last extract refused')
    expect(rec.rejects.at(-1)).toContain('ptl extract refused')
  })

  it('counts each bad row as a reject with its line number, never its content', async () => {
    const { adapter, rec } = await started({ watch: { dir: await tempDir() } })
    await adapter.ingest(body(`${EXTRACT}\nSECRETVALUE,9,P9,xx,yy,,\n`), 'test')
    expect(rec.rejects).toEqual(['ptl extract line 5: treatment-function'])
    expect(rec.lastStatus()?.detail).toContain('1 rows rejected (lines 5)')
  })

  it('reads a settled file from its drop folder once, then moves it to processed/', async () => {
    const dir = await tempDir()
    const { adapter, rec } = await started({ watch: { dir, settleSeconds: 5 } })
    await writeFile(join(dir, 'ptl-today.csv'), EXTRACT)
    await writeFile(join(dir, 'notes.txt'), 'ignored')
    // Just written: a writer may still be copying it.
    const fresh = new Date(NOW)
    await utimes(join(dir, 'ptl-today.csv'), fresh, fresh)
    await adapter.pollNow()
    expect(waiting(rec)).toHaveLength(0)
    const old = new Date(NOW - 60_000)
    await utimes(join(dir, 'ptl-today.csv'), old, old)
    await adapter.pollNow()
    expect(waiting(rec).filter((e) => e.kind === 'pathway')).toHaveLength(3)
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'processed', 'refused'])
    expect(await readdir(join(dir, 'processed'))).toEqual([expect.stringMatching(/-ptl-today\.csv$/)])
  })

  it('reports itself degraded when no extract has come for longer than expected', async () => {
    let now = NOW
    const adapter = createPtlAdapter(
      ptlConfigSchema.parse({
        kind: 'ptl',
        id: 'ptl',
        watch: { dir: await tempDir() },
        expectEveryHours: 26,
      }),
    )
    adapters.push(adapter)
    const rec = createRecordingContext({ siteModel: makeSiteModel(), now: () => now })
    await adapter.start(rec.context)
    expect(rec.lastStatus()).toEqual({ status: 'up', detail: 'waiting for the first extract' })
    now += 27 * 3_600_000
    await adapter.ingest(body('not a ptl'), 'test')
    expect(rec.lastStatus()).toMatchObject({
      status: 'degraded',
      detail: expect.stringContaining('no extract received for 27 h'),
    })
  })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ptl-'))
  dirs.push(dir)
  return dir
}

describe('the PTL source config', () => {
  it('parses its section of gateway/config.example.yaml', async () => {
    const { parse } = await import('yaml')
    const { readFileSync } = await import('node:fs')
    const example = parse(readFileSync(new URL('../../config.example.yaml', import.meta.url), 'utf8')) as {
      sources: { kind: string }[]
    }
    const section = example.sources.find((s) => s.kind === 'ptl')
    expect(ptlConfigSchema.safeParse(section).success).toBe(true)
    expect(ptlConfigSchema.safeParse({ kind: 'ptl', id: 'p' }).success).toBe(false)
  })
})
