/**
 * Reads a whole PTL extract from a stream (a dropped file, an HTTP upload) into the pathways it
 * stands for, row by row: each good row becomes a pseudonymised pathway (its PAS id replaced by a
 * keyed hash at once, the raw id never kept), each bad row is counted with its line number and
 * class of error, and every column other than the seven read is dropped at the header. Memory
 * grows with the pathways kept, never with the file: lines are read one at a time (readCsvRecords).
 *
 * The extract as a whole is refused — and the previous list kept — when it cannot be a PTL: no
 * header or a header without the required columns, no good row, more bad rows than the allowed
 * share, more rows than the limit, or a stream that failed before its end (a dropped upload).
 */
import type { Readable } from 'node:stream'
import type { CalendarDate, WaitingPathway } from '../../../shared/contracts/waiting.ts'
import type { KeyedHash } from '../../security/createKeyedHash.ts'
import { readPtlHeader, type PtlHeader } from './ptlColumns.ts'
import { parsePtlRow, type PtlRowError } from './parsePtlRow.ts'
import { DEFAULT_CSV_LIMITS, readCsvRecords, type CsvLimits } from './readCsvRecords.ts'

/** A pathway as an extract defines it (the gateway adds `updatedAt` when it changes). */
export type StagedPathway = Omit<WaitingPathway, 'updatedAt'>

export type PtlRejection = { readonly line: number; readonly error: PtlRowError }

export type PtlExtractReport = {
  /** Data rows read (the header excluded). */
  readonly rows: number
  readonly accepted: number
  readonly rejected: number
  readonly rejectedByError: Readonly<Partial<Record<PtlRowError, number>>>
  /** The first rejections, in line order (at most MAX_LISTED_REJECTIONS). */
  readonly rejections: readonly PtlRejection[]
  /** Header names dropped, unread: identifying ones and the others. */
  readonly droppedColumns: { readonly identifying: readonly string[]; readonly other: readonly string[] }
}

export type PtlExtract =
  | {
      readonly ok: true
      readonly pathways: ReadonlyMap<string, StagedPathway>
      readonly report: PtlExtractReport
    }
  | { readonly ok: false; readonly reason: string; readonly report: PtlExtractReport }

export type PtlExtractLimits = CsvLimits & {
  /** Most data rows an extract may have. */
  readonly maxRows: number
  /** An extract with a larger share of bad rows (0–1) is refused whole. */
  readonly maxRejectedShare: number
}

export const DEFAULT_PTL_LIMITS: PtlExtractLimits = {
  ...DEFAULT_CSV_LIMITS,
  maxRows: 2_000_000,
  maxRejectedShare: 0.5,
}

export const MAX_LISTED_REJECTIONS = 1_000

/** The entity id of a PAS pathway id: `pw:` and 128 bits of its keyed hash. */
export function pathwayEntityId(keyedHash: KeyedHash, pathwayId: string): string {
  return `pw:${keyedHash('ptl-pathway-id', pathwayId).slice(0, 32)}`
}

export async function readPtlExtract(
  input: Readable,
  options: {
    readonly trustId: string
    readonly source: string
    readonly today: CalendarDate
    readonly keyedHash: KeyedHash
    readonly limits?: PtlExtractLimits
    /** Each bad row as it is found (the source counts and logs it). */
    readonly onReject?: (rejection: PtlRejection) => void
  },
): Promise<PtlExtract> {
  const limits = options.limits ?? DEFAULT_PTL_LIMITS
  const pathways = new Map<string, StagedPathway>()
  const rejectedByError: Partial<Record<PtlRowError, number>> = {}
  const rejections: PtlRejection[] = []
  let header: PtlHeader | null = null
  let rows = 0
  let rejected = 0

  const report = (): PtlExtractReport => ({
    rows,
    accepted: pathways.size,
    rejected,
    rejectedByError: { ...rejectedByError },
    rejections,
    droppedColumns: { identifying: header?.identifying ?? [], other: header?.other ?? [] },
  })
  const reject = (line: number, error: PtlRowError): void => {
    rejected += 1
    rejectedByError[error] = (rejectedByError[error] ?? 0) + 1
    const rejection = { line, error }
    if (rejections.length < MAX_LISTED_REJECTIONS) rejections.push(rejection)
    options.onReject?.(rejection)
  }

  try {
    for await (const record of readCsvRecords(input, limits)) {
      if (header === null) {
        if (!record.ok) return { ok: false, reason: `the header line is ${record.error}`, report: report() }
        const read = readPtlHeader(record.fields)
        if (!read.ok) return { ok: false, reason: read.reason, report: report() }
        header = read.header
        continue
      }
      rows += 1
      if (rows > limits.maxRows) {
        input.destroy()
        return { ok: false, reason: `more than ${limits.maxRows} rows`, report: report() }
      }
      if (!record.ok) {
        reject(record.line, record.error)
        continue
      }
      const parsed = parsePtlRow(record.fields, header, options.today)
      if (!parsed.ok) {
        reject(record.line, parsed.error)
        continue
      }
      const { pathwayId, ...fields } = parsed.row
      const id = pathwayEntityId(options.keyedHash, pathwayId)
      // The first row of a pathway counts; a repeat is an error in the extract, not an update.
      if (pathways.has(id)) {
        reject(record.line, 'duplicate')
        continue
      }
      pathways.set(id, { kind: 'pathway', id, trustId: options.trustId, source: options.source, ...fields })
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code
    return {
      ok: false,
      reason: `the extract could not be read to its end (${code ?? (error instanceof Error ? error.name : 'error')})`,
      report: report(),
    }
  }
  if (header === null) return { ok: false, reason: 'the extract is empty (no header line)', report: report() }
  if (pathways.size === 0) return { ok: false, reason: 'the extract has no valid row', report: report() }
  if (rejected > rows * limits.maxRejectedShare) {
    return {
      ok: false,
      reason: `${rejected} of ${rows} rows are invalid (more than ${Math.round(limits.maxRejectedShare * 100)} %): is it the right file?`,
      report: report(),
    }
  }
  return { ok: true, pathways, report: report() }
}
