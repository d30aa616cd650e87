/**
 * Vitest setup: moves the wall clock when `WATCHFLOOR_CLOCK_SHIFT_DAYS` is set (e.g. 365 or -365), so
 * CI can run the suite a year ahead and a year back and catch tests that depend on today's date
 * (a fixture built at a fixed time compared against the real clock). Time still advances normally:
 * `Date` and `Date.now()` read the real clock plus the shift; timers and `performance.now()` are
 * untouched. With the variable unset this file does nothing.
 */
const raw = process.env['WATCHFLOOR_CLOCK_SHIFT_DAYS']

if (raw !== undefined && raw !== '') {
  const days = Number(raw)
  if (!Number.isFinite(days))
    throw new Error(`WATCHFLOOR_CLOCK_SHIFT_DAYS must be a number of days, got "${raw}"`)
  const shiftMs = Math.round(days * 86_400_000)
  const RealDate = Date
  const realNow = RealDate.now.bind(RealDate)
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + shiftMs)
      else super(...(args as [string | number | Date]))
    }
    static override now(): number {
      return realNow() + shiftMs
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor
}
