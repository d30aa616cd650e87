/**
 * Fingerprints identify an alarm identically on every app instance: the rule id plus the subject
 * id (an entity, KPI scope, topic or the gateway). A flood line has its own fingerprint, the rule
 * plus the common cause, so acknowledging the line acknowledges every alarm folded into it.
 *
 * A line's shelved and out-of-service members are folded apart, under the line's fingerprint with
 * a suffix; the line itself (what an operator shelves, ISA-18.2's "alarm") is the fingerprint
 * without it — its *line key*.
 */

const GROUP_MARK = '@group:'

/** Suffixes of the lines holding a flood line's shelved and out-of-service members. */
export const GROUP_SUFFIX = { shelved: ':shelved', outOfService: ':oos' } as const

/** The fingerprint of one rule's alarm on one subject. */
export function fingerprintOf(ruleId: string, subjectId: string): string {
  return `${ruleId}@${subjectId}`
}

/** The fingerprint of a flood line: alarms of one rule sharing one cause. */
export function groupFingerprintOf(ruleId: string, causeId: string, suffix = ''): string {
  return `${ruleId}${GROUP_MARK}${causeId}${suffix}`
}

/** Whether a fingerprint names a flood line rather than one alarm. */
export function isGroupFingerprint(fingerprint: string): boolean {
  return fingerprint.includes(GROUP_MARK)
}

/** A flood line's key: its fingerprint without the shelved / out-of-service suffix. */
export function lineKeyOf(fingerprint: string): string {
  for (const suffix of Object.values(GROUP_SUFFIX)) {
    if (fingerprint.endsWith(suffix)) return fingerprint.slice(0, -suffix.length)
  }
  return fingerprint
}

/**
 * The rule id and what follows it: the subject id of one alarm, or `group:<cause>[suffix]` of a
 * line. Rule ids never contain `@` (see `alarmRuleSchema.ts`), so the first `@` splits them.
 */
export function splitFingerprint(fingerprint: string): { ruleId: string; rest: string } | null {
  const at = fingerprint.indexOf('@')
  if (at <= 0 || at === fingerprint.length - 1) return null
  return { ruleId: fingerprint.slice(0, at), rest: fingerprint.slice(at + 1) }
}
