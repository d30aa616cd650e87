/**
 * A trust's name where room is short (the status strip): the standard NHS abbreviations, never an
 * ellipsis — "Northgate Teaching Hospitals NHS Foundation Trust" → "Northgate Teaching Hospitals
 * NHS FT". The rule, in order: "NHS Foundation Trust" → "NHS FT", "University Hospitals" →
 * "UH", "Hospitals" stays. The full name stays the element's tooltip.
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bNHS Foundation Trust\b/, 'NHS FT'],
  [/\bUniversity Hospitals\b/, 'UH'],
]

export function shortTrustName(name: string): string {
  let short = name
  for (const [pattern, replacement] of RULES) short = short.replace(pattern, replacement)
  return short
}
