import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createKeyedHash } from '../../security/createKeyedHash.ts'
import { pathwayEntityId, readPtlExtract, type PtlExtract, type PtlExtractLimits } from './readPtlExtract.ts'

const keyedHash = createKeyedHash(Buffer.alloc(32, 7))
const TODAY = '2026-12-03'
const HEADER =
  'pathway_id,treatment_function_code,priority,clock_start_date,stage,tci_date,provider_site_code'

function read(text: string, limits?: PtlExtractLimits): Promise<PtlExtract> {
  return readPtlExtract(Readable.from([Buffer.from(text)]), {
    trustId: 'trust-a',
    source: 'ptl',
    today: TODAY,
    keyedHash,
    ...(limits === undefined ? {} : { limits }),
  })
}

describe('readPtlExtract', () => {
  it('keeps good rows as pseudonymised pathways of the trust', async () => {
    const extract = await read(
      [HEADER, 'PW1,110,P2,2026-06-01,admitted,2026-12-20,rxk02', 'PW2,130,,01/10/2025,Outpatient,,'].join(
        '\n',
      ),
    )
    expect(extract.ok).toBe(true)
    if (!extract.ok) return
    expect(extract.report).toMatchObject({ rows: 2, accepted: 2, rejected: 0 })
    expect([...extract.pathways.values()]).toEqual([
      {
        kind: 'pathway',
        id: pathwayEntityId(keyedHash, 'PW1'),
        trustId: 'trust-a',
        source: 'ptl',
        treatmentFunction: '110',
        priority: 'P2',
        clockStart: '2026-06-01',
        stage: 'admitted',
        tciDate: '2026-12-20',
        siteCode: 'RXK02',
      },
      expect.objectContaining({
        priority: null,
        clockStart: '2025-10-01',
        stage: 'outpatient',
        tciDate: null,
        siteCode: null,
      }),
    ])
    expect(JSON.stringify([...extract.pathways.values()])).not.toContain('PW1')
  })

  it('rejects each class of bad row with its line number and keeps the rest', async () => {
    const rows = [
      HEADER,
      'OK1,110,P1,2026-11-01,admitted,,', // 2 good
      'OK2,110,P1,2026-11-01,admitted', // 3 columns
      ',110,P1,2026-11-01,admitted,,', // 4 pathway-id
      'OK1,120,P1,2026-11-01,admitted,,', // 5 duplicate
      'OK3,11,P1,2026-11-01,admitted,,', // 6 treatment-function
      'OK4,110,P7,2026-11-01,admitted,,', // 7 priority
      'OK5,110,P1,2026-02-30,admitted,,', // 8 clock-start (not a day)
      'OK6,110,P1,2027-01-01,admitted,,', // 9 clock-start (future)
      'OK7,110,P1,1960-05-05,admitted,,', // 10 clock-start (a date of birth, not a wait)
      'OK8,110,P1,2026-11-01,waiting,,', // 11 stage
      'OK9,110,P1,2026-11-01,admitted,soon,', // 12 tci-date
      'OK10,110,P1,2026-11-01,admitted,,RX K02', // 13 site
      'OK11,110,"P1"x,2026-11-01,admitted,,', // 14 malformed
      ...Array.from({ length: 12 }, (_, i) => `GOOD${i},300,,2026-01-0${(i % 9) + 1},outpatient,,`), // 15–26
    ]
    const extract = await read(rows.join('\n'))
    expect(extract.ok).toBe(true)
    expect(extract.report.accepted).toBe(13)
    expect(extract.report.rejections).toEqual([
      { line: 3, error: 'columns' },
      { line: 4, error: 'pathway-id' },
      { line: 5, error: 'duplicate' },
      { line: 6, error: 'treatment-function' },
      { line: 7, error: 'priority' },
      { line: 8, error: 'clock-start' },
      { line: 9, error: 'clock-start' },
      { line: 10, error: 'clock-start' },
      { line: 11, error: 'stage' },
      { line: 12, error: 'tci-date' },
      { line: 13, error: 'site' },
      { line: 14, error: 'malformed' },
    ])
    expect(extract.report.rejectedByError).toMatchObject({ 'clock-start': 3, columns: 1 })
  })

  it('drops identifying and unknown columns unread, naming them, and never keeps their values', async () => {
    const text = readFileSync(
      new URL('../../../tests/fixtures/ptl/with-identifiers.csv', import.meta.url),
      'utf8',
    )
    const canaries = (
      JSON.parse(
        readFileSync(new URL('../../../tests/fixtures/ptl/canaries.json', import.meta.url), 'utf8'),
      ) as {
        values: string[]
      }
    ).values
    const extract = await read(text)
    expect(extract.ok).toBe(true)
    if (!extract.ok) return
    expect(extract.report.droppedColumns).toEqual({
      identifying: [
        'NHS Number',
        'Forename',
        'Surname',
        'Date of Birth',
        'Address Line 1',
        'Postcode',
        'Hospital Number',
      ],
      other: ['Comments'],
    })
    // The row whose clock start is a date of birth is rejected by class, not by value.
    expect(extract.report.rejections).toEqual([{ line: 5, error: 'clock-start' }])
    expect(extract.pathways.size).toBe(3)
    const kept = JSON.stringify({ pathways: [...extract.pathways.values()], report: extract.report })
    for (const canary of canaries) expect(kept).not.toContain(canary)
  })

  it('refuses a whole extract that cannot be a PTL, saying why', async () => {
    expect(await read('')).toMatchObject({ ok: false, reason: 'the extract is empty (no header line)' })
    expect(await read('nhs_number,name\n1,2')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('pathway_id'),
    })
    expect(await read(`${HEADER}\nA,xx,,,,,\n`)).toMatchObject({
      ok: false,
      reason: 'the extract has no valid row',
    })
    const mostlyBad = [HEADER, 'A,110,,2026-11-01,admitted,,', 'B,1,,,,,', 'C,1,,,,,'].join('\n')
    expect(await read(mostlyBad)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2 of 3 rows are invalid'),
    })
  })

  it('refuses an extract whose stream fails before its end (a dropped upload)', async () => {
    const input = new Readable({ read() {} })
    input.push(Buffer.from(`${HEADER}\nA,110,,2026-11-01,admitted,,\n`))
    setImmediate(() => input.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
    const extract = await readPtlExtract(input, { trustId: 't', source: 'ptl', today: TODAY, keyedHash })
    expect(extract).toMatchObject({ ok: false, reason: expect.stringContaining('ECONNRESET') })
  })
})

describe('readPtlExtract on a huge extract', () => {
  it('streams it: heap growth stays a small fraction of the file and follows the pathways kept', async () => {
    // Each row carries 4 KB of columns the gateway drops (free text, addresses): a 200 MB extract
    // of 50,000 pathways. Read whole, the file alone would need more heap than the limit below.
    const rows = 50_000
    const filler = 'x'.repeat(4_000)
    let bytes = 0
    function* chunks(): Generator<Buffer> {
      const head = Buffer.from(`${HEADER},notes\n`)
      bytes += head.length
      yield head
      let batch = ''
      for (let i = 0; i < rows; i += 1) {
        batch += `PW${i},${100 + (i % 5)},P${(i % 4) + 1},2026-0${(i % 9) + 1}-15,admitted,,RXK0${i % 3},${filler}\n`
        if (batch.length > 64 * 1024) {
          const chunk = Buffer.from(batch)
          bytes += chunk.length
          batch = ''
          yield chunk
        }
      }
      const last = Buffer.from(batch)
      bytes += last.length
      yield last
    }
    const gc = exposeGc()
    gc()
    const before = process.memoryUsage().heapUsed
    let peak = before
    const input = Readable.from(chunks())
    input.on('data', () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    })
    const extract = await readPtlExtract(input, { trustId: 't', source: 'ptl', today: TODAY, keyedHash })
    gc()
    const retained = process.memoryUsage().heapUsed - before
    console.info(
      `ptl huge extract: ${Math.round(bytes / 1e6)} MB read, heap +${Math.round((peak - before) / 1e6)} MB at peak, +${Math.round(retained / 1e6)} MB retained (${Math.round(retained / rows)} B per pathway)`,
    )
    expect(extract.ok).toBe(true)
    expect(extract.report.accepted).toBe(rows)
    expect(bytes).toBeGreaterThan(200_000_000)
    // What stays is the pathways (≈ 400 B each), not the 4 KB rows they came from.
    expect(retained / rows).toBeLessThan(1_000)
    // At no point was a large part of the file held: beyond the pathways, the transient heap
    // (decoded chunks, garbage not yet collected) is a constant, not a share of the file.
    expect(peak - before - retained).toBeLessThan(64 * 1024 * 1024)
    expect(peak - before).toBeLessThan(bytes / 3)
  }, 60_000)
})

/** `gc()` without starting Node with --expose-gc (a heap figure after a collection is a fact, not a guess). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
