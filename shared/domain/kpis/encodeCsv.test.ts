import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodeCsv, encodeCsvCell } from './encodeCsv.ts'

describe('encodeCsv', () => {
  it('quotes commas, quotes and line breaks, doubling quotes, with CRLF record ends', () => {
    expect(
      encodeCsv([
        ['a', 'b,c'],
        ['say "hi"', 'line\nbreak'],
      ]),
    ).toBe('a,"b,c"\r\n"say ""hi""","line\nbreak"\r\n')
  })

  it('guards cells that a spreadsheet would run as a formula', () => {
    expect(['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx'].map(encodeCsvCell)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2+3",
      "'@cmd",
      "'\tx",
    ])
    // a guarded cell that also needs quoting is both
    expect(encodeCsvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
  })

  it('writes numbers as numbers (a negative number is data) and empties for null', () => {
    expect(encodeCsv([[-3, 1.5, null, undefined, true, Number.NaN]])).toBe('-3,1.5,,,true,\r\n')
  })

  it('round-trips any text through a minimal RFC 4180 reader (property)', () => {
    const parse = (csv: string): string[] => {
      // single-record reader: enough to prove quoting is reversible
      const cells: string[] = []
      let i = 0
      while (i < csv.length) {
        let cell = ''
        if (csv[i] === '"') {
          i += 1
          for (;;) {
            if (csv[i] === '"' && csv[i + 1] === '"') {
              cell += '"'
              i += 2
            } else if (csv[i] === '"') {
              i += 1
              break
            } else {
              cell += csv[i]
              i += 1
            }
          }
        } else {
          while (i < csv.length && csv[i] !== ',' && !(csv[i] === '\r' && csv[i + 1] === '\n')) {
            cell += csv[i]
            i += 1
          }
        }
        cells.push(cell)
        if (csv[i] === ',') i += 1
        else break
      }
      return cells
    }
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (row) => {
        const back = parse(encodeCsv([row]))
        // formula-like cells come back with the guard prefix, everything else unchanged
        expect(back).toEqual(row.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)))
      }),
    )
  })
})
