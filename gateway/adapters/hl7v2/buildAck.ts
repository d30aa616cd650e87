/**
 * The HL7 v2 acknowledgement (original mode): MSH + MSA, and ERR (v2.5 layout) when the message is
 * rejected. Sending and receiving application/facility are swapped from the original message.
 *
 * Every echoed value is escaped for the ACK, control characters included: the parser decodes
 * `\X1C\` or `\X0B\` in MSH-3…MSH-12 to the raw byte, and a raw <FS> or <VT> inside the ACK ends
 * the sender's MLLP frame early, before MSA — the engine then retries forever and blocks its queue.
 * So control characters go back out as the `\Xhh\` escape they came in as (CR and LF as a space).
 */
import type { Hl7Header } from './parseHl7Message.ts'
import { escapeHl7, isSupportedHl7Version } from './parseHl7Message.ts'

/** The version our ACK declares when the message's own is not one we support. */
const ACK_VERSION = '2.5'

export type AckCode = 'AA' | 'AE' | 'AR'

export type AckInput = {
  readonly code: AckCode
  /** The original message's header; null when it had no readable MSH. */
  readonly original: Hl7Header | null
  /** Our own application and facility names (MSH-3/4 of the ACK). */
  readonly application: string
  readonly facility: string
  /** The ACK's own control id. */
  readonly controlId: string
  readonly now: number
  /** ERR-2, ERR-3 (table 0357 code) and text, for AE/AR. */
  readonly error?: { readonly location: string; readonly code: string; readonly text: string }
}

export function buildAck(input: AckInput): string {
  const o = input.original
  const e = escapeForAck
  const msh = [
    'MSH',
    '^~\\&',
    e(input.application),
    e(input.facility),
    e(o?.sendingApplication ?? ''),
    e(o?.sendingFacility ?? ''),
    hl7Timestamp(input.now),
    '',
    `ACK^${e(o?.triggerEvent ?? '')}^ACK`,
    e(input.controlId),
    e(o?.processingId || 'P'),
    e(o !== null && isSupportedHl7Version(o.versionId) ? o.versionId : ACK_VERSION),
  ].join('|')
  const msa = ['MSA', input.code, e(o?.controlId ?? '')].join('|')
  const segments = [msh, msa]
  if (input.error !== undefined) {
    // ERR-2 error location, ERR-3 HL7 error code (CWE, table 0357), ERR-4 severity E.
    const err = input.error
    segments.push(['ERR', '', err.location, `${err.code}^${e(err.text)}^HL70357`, 'E'].join('|'))
  }
  return `${segments.join('\r')}\r`
}

/** HL7-escapes `value` and writes every remaining control character (C0, DEL) as `\Xhh\`. */
export function escapeForAck(value: string): string {
  const escaped = escapeHl7(value)
  let out = ''
  for (let i = 0; i < escaped.length; i++) {
    const code = escaped.charCodeAt(i)
    out +=
      code < 0x20 || code === 0x7f
        ? `\\X${code.toString(16).toUpperCase().padStart(2, '0')}\\`
        : escaped.charAt(i)
  }
  return out
}

/** YYYYMMDDHHMMSS+0000 in UTC. */
export function hl7Timestamp(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+0000`
}
