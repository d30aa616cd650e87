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
 * Never throws.
 */

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
const MAX_FIELD = 1_024

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
      current += body.charAt(i + 1)
      i++
    } else if (c === '|') {
      header.push(current.trim())
      current = ''
    } else {
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

/** key=value pairs; a value runs to the space before the next unescaped "key=". */
function parseExtension(text: string): Map<string, string> {
  const out = new Map<string, string>()
  const keyAt = /(?:^|\s)([A-Za-z0-9_.[\]-]{1,64})=/g
  const starts: { key: string; keyStart: number; valueStart: number }[] = []
  for (let m = keyAt.exec(text); m !== null; m = keyAt.exec(text)) {
    const eq = m.index + m[0].length - 1
    if (isEscaped(text, eq)) continue
    const key = m[1] ?? ''
    starts.push({ key, keyStart: eq - key.length, valueStart: eq + 1 })
  }
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k]
    if (s === undefined) continue
    const end = starts[k + 1]?.keyStart ?? text.length
    const raw = text.slice(s.valueStart, end).replace(/\s+$/, '')
    if (!out.has(s.key)) out.set(s.key, unescapeValue(raw).slice(0, MAX_FIELD))
  }
  return out
}

function isEscaped(text: string, index: number): boolean {
  let slashes = 0
  for (let j = index - 1; j >= 0 && text.charAt(j) === '\\'; j--) slashes++
  return slashes % 2 === 1
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\([\\=nr|])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c))
}
