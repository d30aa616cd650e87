/**
 * What of an HL7 header may be written to a log line. MSH-10 (control id) and MSH-9 (message type)
 * are whatever the sender puts there — some engines build control ids from a hospital number — so
 * neither is logged as sent:
 *
 * - the control id becomes a short keyed hash (`controlIdTag`): the same id always gives the same
 *   tag, so repeats and retries can be followed through the log, but the tag says nothing about
 *   the id without the install secret;
 * - the trigger event is logged only when it has the shape of one (`A01`, `A20`…).
 */
import type { KeyedHash } from '../../security/createKeyedHash.ts'

/** Hex characters of the keyed hash kept: 48 bits, plenty to tell one message from another. */
const TAG_HEX = 12

/** `h:` + 12 hex characters of HMAC-SHA256(install secret, control id). */
export function controlIdTag(keyedHash: KeyedHash, controlId: string | null | undefined): string | null {
  if (controlId === null || controlId === undefined || controlId === '') return null
  return `h:${keyedHash('hl7-control-id', controlId).slice(0, TAG_HEX)}`
}

/** The trigger event when it is shaped like one (a letter and two digits), else "other". */
export function eventLabel(triggerEvent: string | null | undefined): string {
  return triggerEvent !== null && triggerEvent !== undefined && /^[A-Z][0-9]{2}$/.test(triggerEvent)
    ? triggerEvent
    : 'other'
}
