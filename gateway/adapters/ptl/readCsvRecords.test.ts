import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readCsvRecords, splitCsvRecord, type CsvRecord } from './readCsvRecords.ts'

async function recordsOf(
  text: string | readonly string[],
  limits?: Parameters<typeof readCsvRecords>[1],
): Promise<CsvRecord[]> {
  const chunks = typeof text === 'string' ? [Buffer.from(text)] : text.map((t) => Buffer.from(t))
  const out: CsvRecord[] = []
  for await (const record of readCsvRecords(Readable.from(chunks), limits)) out.push(record)
  return out
}

describe('splitCsvRecord', () => {
  it('reads quoted fields, doubled quotes and empty fields', () => {
    expect(splitCsvRecord('a,"b,c","say ""hi""",,')).toEqual(['a', 'b,c', 'say "hi"', '', ''])
  })
  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    expect(splitCsvRecord('a,"b"c,d')).toBeNull()
    expect(splitCsvRecord('a,5\'10",d')).toBeNull()
  })
})

describe('readCsvRecords', () => {
  it('gives each record its first line number, across CRLF, LF, a BOM and chunk boundaries', async () => {
    const records = await recordsOf(['\uFEFFh1,h2\r\n1,', '2\n\n3,"x\ny"\n4,5'])
    expect(records).toEqual([
      { ok: true, line: 1, fields: ['h1', 'h2'] },
      { ok: true, line: 2, fields: ['1', '2'] },
      { ok: true, line: 4, fields: ['3', 'x\ny'] },
      { ok: true, line: 6, fields: ['4', '5'] },
    ])
  })

  it('reports a badly quoted record as malformed and carries on with the next line', async () => {
    const records = await recordsOf('a,b\n1,"2"x\n3,4\n')
    expect(records.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ])
  })

  it('gives up on a quote that never closes after maxRecordLines, losing only its own line', async () => {
    const lines = ['a,b', '1,"never closed', ...Array.from({ length: 10 }, (_, i) => `${i},ok`)]
    const records = await recordsOf(lines.join('\n') + '\n', { maxLineBytes: 1024, maxRecordLines: 4 })
    expect(records[1]).toEqual({ ok: false, line: 2, error: 'malformed' })
    expect(records.filter((r) => r.ok)).toHaveLength(11)
    expect(records.at(-1)).toEqual({ ok: true, line: 12, fields: ['9', 'ok'] })
  })

  it('skips an overlong line whole without holding it, and reads on', async () => {
    const long = 'x'.repeat(5_000)
    const records = await recordsOf(['a,b\n1,', long, long, '\n2,3\n'], {
      maxLineBytes: 1_000,
      maxRecordLines: 4,
    })
    expect(records).toEqual([
      { ok: true, line: 1, fields: ['a', 'b'] },
      { ok: false, line: 2, error: 'too-long' },
      { ok: true, line: 3, fields: ['2', '3'] },
    ])
  })

  it('reports an unclosed quote at the end of the input', async () => {
    const records = await recordsOf('a,b\n1,"open')
    expect(records.at(-1)).toEqual({ ok: false, line: 2, error: 'malformed' })
  })
})
