/**
 * A typed face on the `net-snmp` package, which ships no type definitions. Only what the adapter
 * uses is declared, matching net-snmp 3.x's README; values it hands back (varbind values, trap
 * PDUs) are still treated as `unknown` and checked where they are read.
 */
import { createRequire } from 'node:module'

export type Varbind = { readonly oid: string; readonly type: number; readonly value: unknown }

export type SnmpSessionOptions = {
  port: number
  retries: number
  timeout: number
  transport: 'udp4' | 'udp6'
  version?: number
  idBitsSize?: 16 | 32
}

export type SnmpSession = {
  get(oids: readonly string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): void
  tableColumns(
    oid: string,
    columns: readonly number[],
    maxRepetitions: number,
    callback: (error: Error | null, table?: Record<string, Record<string, unknown>>) => void,
  ): void
  close(): void
  on(event: 'error', listener: (error: Error) => void): void
  on(event: 'close', listener: () => void): void
}

export type SnmpV3User = {
  name: string
  level: number
  authProtocol?: number
  authKey?: string
  privProtocol?: number
  privKey?: string
}

export type SnmpNotification = {
  readonly pdu: { readonly type: number; readonly varbinds: readonly Varbind[] }
  readonly rinfo: { readonly address: string; readonly port: number }
}

export type SnmpReceiver = {
  getAuthorizer(): { addCommunity(community: string): void }
  close(callback?: () => void): void
}

export type SnmpReceiverOptions = {
  port: number
  address: string | null
  transport: 'udp4' | 'udp6'
  disableAuthorization: boolean
}

type NetSnmpModule = {
  readonly Version2c: number
  readonly Version3: number
  readonly SecurityLevel: Readonly<Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>>
  readonly AuthProtocols: Readonly<Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>>
  readonly PrivProtocols: Readonly<Record<'des' | 'aes' | 'aes256b' | 'aes256r', number>>
  createSession(target: string, community: string, options: SnmpSessionOptions): SnmpSession
  createV3Session(target: string, user: SnmpV3User, options: SnmpSessionOptions): SnmpSession
  createReceiver(
    options: SnmpReceiverOptions,
    callback: (
      error: (Error & { rinfo?: { address: string } }) | null,
      notification: SnmpNotification | null | undefined,
    ) => void,
  ): SnmpReceiver
  isVarbindError(varbind: Varbind): boolean
  varbindError(varbind: Varbind): string
}

const require = createRequire(import.meta.url)

/** The net-snmp module (CommonJS), loaded once. */
export const netSnmp = require('net-snmp') as NetSnmpModule
