/**
 * ArcSight Common Event Format:
 *   CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
 * Header fields escape "|" and "\" with a backslash; extension values escape "=", "\" and
 * newlines (\n, \r). Keys are found as "key=" tokens preceded by a space, so spaces inside values
 * are kept.
 *
 * Privacy: user names and user ids (suser, duser, suid, duid) are dropped here and never reach the
 * alert; so is free text (msg, reason, request), which can carry anything. Custom strings (cs1–cs6)
 * are kept only with their label, and not when the label names a person or an account.
 *
 * Linear time and bounded output on any input: the header and the extension are scanned by hand,
 * one pass each (no regex runs over the unbounded text), each header field and extension value is
 * cut at `CEF_LIMITS.field` characters, keys at `CEF_LIMITS.key`, and only the first
 * `CEF_LIMITS.pairs` key=value pairs are read; the rest of an extension longer than that is ignored.
 *
 * Never throws.
 */
import { isSpace, trimEndWhere } from './trimEndWhere.ts'

export type CefEvent = {
  readonly version: string
  readonly vendor: string
  readonly product: string
  readonly productVersion: string
  readonly signatureId: string
  readonly name: string
  /** As sent: "0"–"10" or Unknown/Low/Medium/High/Very-High. */
  readonly severity: string
  /** Kept extension fields (see `KEPT_KEYS`), unescaped. */
  readonly extensions: Readonly<Record<string, string>>
  /** cs1–cs6 by their label (cs1Label…), e.g. { mitreTactic: "TA0008" }. */
  readonly custom: Readonly<Record<string, string>>
}

export type CefParseResult =
  | { readonly ok: true; readonly event: CefEvent }
  | { readonly ok: false; readonly reason: 'no-cef' | 'short-header' }

/** Extension keys we keep; everything else (suser, duser, msg…) is dropped in the parser. */
export const KEPT_KEYS: ReadonlySet<string> = new Set([
  'act',
  'app',
  'cat',
  'deviceExternalId',
  'dhost',
  'dpt',
  'dst',
  'dvc',
  'dvchost',
  'end',
  'externalId',
  'outcome',
  'proto',
  'rt',
  'shost',
  'spt',
  'src',
  'start',
  'deviceDirection',
])

/** Custom-string labels that name a person or account: those values are dropped. */
const PERSONAL_LABEL = /user|account|login|e-?mail|person|owner|surname|forename|patient/i

/** Bounds on what one CEF event may make the parser produce (documented in docs/sources-syslog-cef.md). */
export const CEF_LIMITS = {
  /** Characters kept of a header field or an extension value. */
  field: 1_024,
  /** Characters of an extension key (the longest in the CEF dictionary is 34). */
  key: 64,
  /** key=value pairs read from one extension (the CEF dictionary has about 150 keys). */
  pairs: 256,
} as const
const MAX_FIELD = CEF_LIMITS.field

export function parseCef(text: string): CefParseResult {
  const at = text.indexOf('CEF:')
  if (at === -1) return { ok: false, reason: 'no-cef' }
  const body = text.slice(at + 4)
  const header: string[] = []
  let current = ''
  let i = 0
  for (; i < body.length && header.length < 7; i++) {
    const c = body.charAt(i)
    if (c === '\\' && (body.charAt(i + 1) === '|' || body.charAt(i + 1) === '\\')) {
      if (current.length < MAX_FIELD) current += body.charAt(i + 1)
      i++
    } else if (c === '|') {
      header.push(current.trim())
      current = ''
    } else if (current.length < MAX_FIELD) {
      // Past the bound the field is still scanned (to find its end) but not copied.
      current += c
    }
  }
  if (header.length < 7) return { ok: false, reason: 'short-header' }
  const [
    version = '',
    vendor = '',
    product = '',
    productVersion = '',
    signatureId = '',
    name = '',
    severity = '',
  ] = header.map((h) => h.slice(0, MAX_FIELD))
  const all = parseExtension(body.slice(i))
  const extensions: Record<string, string> = {}
  for (const [key, value] of all) if (KEPT_KEYS.has(key) && !(key in extensions)) extensions[key] = value
  const custom: Record<string, string> = {}
  for (let n = 1; n <= 6; n++) {
    const label = all.get(`cs${n}Label`)
    const value = all.get(`cs${n}`)
    if (label !== undefined && value !== undefined && label !== '' && !PERSONAL_LABEL.test(label)) {
      custom[label] = value
    }
  }
  return {
    ok: true,
    event: { version, vendor, product, productVersion, signatureId, name, severity, extensions, custom },
  }
}

/**
 * key=value pairs; a value runs to the space before the next unescaped "key=". One forward pass:
 * a key candidate starts after whitespace (or at the start) and is read for at most
 * `CEF_LIMITS.key` characters, so every character is looked at a bounded number of times.
 */
function parseExtension(text: string): Map<string, string> {
  const out = new Map<string, string>()
  const starts: { key: string; keyStart: number; valueStart: number }[] = []
  let i = 0
  while (i < text.length && starts.length <= CEF_LIMITS.pairs) {
    if (i > 0 && !isSpace(text.charCodeAt(i - 1))) {
      i++
      continue
    }
    let k = i
    const limit = Math.min(text.length, i + CEF_LIMITS.key)
    while (k < limit && isKeyChar(text.charCodeAt(k))) k++
    // "\=" cannot end a key: the backslash is not a key character.
    if (k > i && text.charCodeAt(k) === 0x3d) {
      starts.push({ key: text.slice(i, k), keyStart: i, valueStart: k + 1 })
      i = k + 1
    } else {
      i = Math.max(k, i + 1)
    }
  }
  const pairs = Math.min(starts.length, CEF_LIMITS.pairs)
  for (let n = 0; n < pairs; n++) {
    const s = starts[n]
    if (s === undefined) continue
    const end = starts[n + 1]?.keyStart ?? text.length
    // Cut before unescaping (an escape takes two characters, so 2× the bound is enough).
    const raw = trimEndWhere(text.slice(s.valueStart, Math.min(end, s.valueStart + 2 * MAX_FIELD)), isSpace)
    if (!out.has(s.key)) out.set(s.key, unescapeValue(raw).slice(0, MAX_FIELD))
  }
  return out
}

/** [A-Za-z0-9_.[\]-]: the characters of CEF dictionary keys and of vendor keys seen in the wild. */
function isKeyChar(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2e ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x2d
  )
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\([\\=nr|])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c))
}
