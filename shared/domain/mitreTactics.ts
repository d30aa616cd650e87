/**
 * MITRE ATT&CK Enterprise tactics (domain.md). Sources send either the id (TA0008) or the name in
 * some spelling ("Lateral Movement", "lateral-movement", "LateralMovement"); we keep the id.
 */
const TACTIC_IDS: Readonly<Record<string, string>> = {
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

/**
 * The first tactic id among `values` — ids or names, each possibly a comma- or
 * semicolon-separated list — or null when none is a tactic.
 */
export function tacticIdOf(values: string | readonly string[]): string | null {
  for (const value of typeof values === 'string' ? [values] : values) {
    for (const part of value.split(/[,;]/)) {
      const trimmed = part.trim()
      if (/^TA\d{4}$/i.test(trimmed)) return trimmed.toUpperCase()
      const byName = TACTIC_IDS[trimmed.toLowerCase().replace(/[^a-z]/g, '')]
      if (byName !== undefined) return byName
    }
  }
  return null
}
