/**
 * One poll of one device: sysUpTime plus IF-MIB status (and HC counters for utilisation) of the
 * watched interfaces, or a walk of ifTable when none are configured. The round trip of the first
 * request is the device's latency.
 */
import { performance } from 'node:perf_hooks'
import type { DeviceState, InterfaceReading, PollReading } from './deviceState.ts'
import { netSnmp, type SnmpSession, type Varbind } from './netSnmp.ts'

export const OID = {
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  ifTable: '1.3.6.1.2.1.2.2',
  ifIndex: '1.3.6.1.2.1.2.2.1.1',
  ifAdminStatus: '1.3.6.1.2.1.2.2.1.7',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
  ifHighSpeed: '1.3.6.1.2.1.31.1.1.1.15',
  snmpTrapOID: '1.3.6.1.6.3.1.1.4.1.0',
  snmpTrapAddress: '1.3.6.1.6.3.18.1.3.0',
  linkDown: '1.3.6.1.6.3.1.1.5.3',
  linkUp: '1.3.6.1.6.3.1.1.5.4',
} as const

/** ifTable columns fetched in walk mode: ifDescr, ifAdminStatus, ifOperStatus. */
const WALK_COLUMNS = [2, 7, 8] as const
/** Keeps GET PDUs well under a typical agent's size limit. */
const MAX_OIDS_PER_GET = 40

export type PollResult =
  { readonly ok: true; readonly reading: PollReading } | { readonly ok: false; readonly reason: string }

export async function pollDevice(
  session: SnmpSession,
  device: DeviceState,
  now: () => number,
): Promise<PollResult> {
  try {
    const configured = device.config.interfaces
    const oids: string[] = [OID.sysUpTime]
    type Slot = {
      ifIndex: number
      admin: number
      oper: number
      name: number | null
      hcIn: number
      hcOut: number
      speed: number
    }
    const slots: Slot[] = []
    for (const iface of configured ?? []) {
      const state = device.interfaces.get(iface.ifIndex)
      const push = (base: string): number => oids.push(`${base}.${iface.ifIndex}`) - 1
      slots.push({
        ifIndex: iface.ifIndex,
        admin: push(OID.ifAdminStatus),
        oper: push(OID.ifOperStatus),
        name: state?.fixedName === true ? null : push(OID.ifName),
        hcIn: push(OID.ifHCInOctets),
        hcOut: push(OID.ifHCOutOctets),
        speed: push(OID.ifHighSpeed),
      })
    }
    const started = performance.now()
    const values: unknown[] = []
    for (let i = 0; i < oids.length; i += MAX_OIDS_PER_GET) {
      const chunk = await get(session, oids.slice(i, i + MAX_OIDS_PER_GET))
      values.push(...chunk)
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10
    const at = now()
    const sysUpTime = values[0]
    const sysUpTimeTicks = typeof sysUpTime === 'number' ? sysUpTime : null

    let interfaces: InterfaceReading[]
    if (configured !== undefined) {
      interfaces = slots.map((slot) => ({
        ifIndex: slot.ifIndex,
        name: slot.name === null ? null : stringOf(values[slot.name]),
        admin: integerOf(values[slot.admin]),
        oper: integerOf(values[slot.oper]),
        inOctets: counter64Of(values[slot.hcIn]),
        outOctets: counter64Of(values[slot.hcOut]),
        highSpeedMbps: integerOf(values[slot.speed]),
      }))
    } else {
      const table = await tableColumns(session, OID.ifTable, WALK_COLUMNS)
      interfaces = Object.entries(table).flatMap(([index, row]) => {
        const ifIndex = Number(index)
        if (!Number.isSafeInteger(ifIndex) || ifIndex <= 0) return []
        return [
          {
            ifIndex,
            name: stringOf(row['2']),
            admin: integerOf(row['7']),
            oper: integerOf(row['8']),
            inOctets: null,
            outOctets: null,
            highSpeedMbps: null,
          },
        ]
      })
    }
    return { ok: true, reading: { at, latencyMs, sysUpTimeTicks, interfaces } }
  } catch (error) {
    return { ok: false, reason: describeError(error) }
  }
}

/** A GET whose per-varbind errors (noSuchObject, noSuchInstance) become `undefined` values. */
function get(session: SnmpSession, oids: readonly string[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    session.get(oids, (error, varbinds) => {
      if (error !== null) return reject(error)
      resolve((varbinds ?? []).map((vb: Varbind) => (netSnmp.isVarbindError(vb) ? undefined : vb.value)))
    })
  })
}

function tableColumns(
  session: SnmpSession,
  oid: string,
  columns: readonly number[],
): Promise<Record<string, Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    session.tableColumns(oid, columns, 20, (error, table) => {
      if (error !== null) return reject(error)
      resolve(table ?? {})
    })
  })
}

/** Short, operator-readable, and free of anything the agent sent back. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed'
  if (error.name === 'RequestTimedOutError' || /timed out/i.test(error.message)) return 'no answer (timeout)'
  return error.message.slice(0, 120)
}

function integerOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null
}

function stringOf(value: unknown): string | null {
  if (Buffer.isBuffer(value))
    return (
      value
        .toString('utf8')
        .replace(/[^\x20-\x7e]/g, '')
        .trim() || null
    )
  if (typeof value === 'string') return value.trim() || null
  return null
}

/** Counter64 arrives as a big-endian Buffer (net-snmp does not decode 64-bit integers). */
function counter64Of(value: unknown): bigint | null {
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0n : BigInt('0x' + value.toString('hex'))
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  return null
}
