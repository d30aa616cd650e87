/**
 * How long tables take to take in new data (rows rebuilt + row models + render + DOM commit), for
 * the table benchmark and e2e tests only; nothing in the product reads it. Bounded.
 */
import { RingBuffer } from '../../../shared/util/ringBuffer.ts'

export type TableUpdateSample = { readonly ms: number; readonly rows: number; readonly entity: string }

export const tableProbe = { updates: new RingBuffer<TableUpdateSample>(2_000) }

// Reachable from a Playwright `page.evaluate` without a module handle.
;(
  globalThis as { __watchfloorTableProbe?: { samples: () => TableUpdateSample[]; clear: () => void } }
).__watchfloorTableProbe = {
  samples: () => tableProbe.updates.toArray(),
  clear: () => tableProbe.updates.clear(),
}
