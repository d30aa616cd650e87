import { formatAge } from '../../ui/formatAge.ts'
import type { CellValue, ColumnSpec } from './entityTables.ts'

/** A cell as the screen shows it (and a CSV exports it): an age as "3 h 5 min", a status in words. */
export function displayOf(spec: ColumnSpec, value: CellValue | undefined, now: number): string {
  if (value === null || value === undefined || value === '') return ''
  switch (spec.type) {
    case 'age':
      return typeof value === 'number' ? formatAge(now - value) : ''
    case 'number':
      return typeof value === 'number'
        ? `${Math.round(value * 10) / 10}${spec.unit && spec.unit !== 'units' ? ` ${spec.unit}` : ''}`
        : ''
    case 'status':
      return spec.labels?.[String(value)] ?? String(value)
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : String(value)
    case 'text':
      return String(value)
  }
}
