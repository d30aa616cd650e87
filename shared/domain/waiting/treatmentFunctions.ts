/**
 * Treatment function names (NHS Data Dictionary, "Treatment Function Code"), for the codes the
 * monthly RTT statistics report by name; a code not listed here is shown as "TF <code>".
 */
const NAMES: Readonly<Record<string, string>> = {
  '100': 'General Surgery',
  '101': 'Urology',
  '110': 'Trauma & Orthopaedics',
  '120': 'Ear, Nose & Throat',
  '130': 'Ophthalmology',
  '140': 'Oral Surgery',
  '150': 'Neurosurgery',
  '160': 'Plastic Surgery',
  '170': 'Cardiothoracic Surgery',
  '300': 'General Internal Medicine',
  '301': 'Gastroenterology',
  '320': 'Cardiology',
  '330': 'Dermatology',
  '340': 'Respiratory Medicine',
  '400': 'Neurology',
  '410': 'Rheumatology',
  '430': 'Elderly Medicine',
  '502': 'Gynaecology',
}

/** The name of a treatment function code. */
export function treatmentFunctionName(code: string): string {
  return NAMES[code] ?? `TF ${code}`
}

/** The codes with names, in code order (the specialties the RTT statistics list). */
export const NAMED_TREATMENT_FUNCTIONS: readonly string[] = Object.keys(NAMES).sort()
