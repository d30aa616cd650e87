/**
 * Fingerprints identify an alarm identically on every app instance: the rule id plus the subject
 * id (an entity, KPI scope, topic or the gateway). A flood line has its own fingerprint, the rule
 * plus the common cause, so acknowledging the line acknowledges every alarm folded into it.
 */

const GROUP_MARK = '@group:'

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
