/**
 * The HL7 v2 acknowledgement (original mode): MSH + MSA, and ERR (v2.5 layout) when the message is
 * rejected. Sending and receiving application/facility are swapped from the original message.
 */
import type { Hl7Header } from './parseHl7Message.ts'
import { escapeHl7 } from './parseHl7Message.ts'

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
  const e = (value: string): string => escapeHl7(value)
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
    e(o?.versionId || '2.5'),
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

/** YYYYMMDDHHMMSS+0000 in UTC. */
export function hl7Timestamp(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+0000`
}
