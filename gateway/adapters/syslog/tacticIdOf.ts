/**
 * MITRE ATT&CK Enterprise tactics: name → id. Sources send either the id (TA0008) or the name in
 * some spelling ("Lateral Movement", "lateral-movement", "LateralMovement"); we keep the id.
 * (The webhook adapter has its own copy: adapter folders never import each other.)
 */
const TACTICS: Readonly<Record<string, string>> = {
  reconnaissance: 'TA0043',
  resourcedevelopment: 'TA0042',
  initialaccess: 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  privilegeescalation: 'TA0004',
  defenseevasion: 'TA0005',
  defenceevasion: 'TA0005',
  credentialaccess: 'TA0006',
  discovery: 'TA0007',
  lateralmovement: 'TA0008',
  collection: 'TA0009',
  exfiltration: 'TA0010',
  commandandcontrol: 'TA0011',
  impact: 'TA0040',
}

/** The first tactic id in `value` (an id or a name, possibly a comma-separated list), or null. */
export function tacticIdOf(value: string): string | null {
  for (const part of value.split(/[,;]/)) {
    const trimmed = part.trim()
    const id = /^TA\d{4}$/i.exec(trimmed)
    if (id !== null) return trimmed.toUpperCase()
    const byName = TACTICS[trimmed.toLowerCase().replace(/[^a-z]/g, '')]
    if (byName !== undefined) return byName
  }
  return null
}
