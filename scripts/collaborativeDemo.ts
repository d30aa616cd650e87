/**
 * The fictional four-trust collaborative of `npm run demo:collaborative` (docs/collaborative.md):
 * four sovereign gateways, each its own demo trust (its own name, sites, size and seed), its own
 * token and its own data directory. Used by the demo script and by the integration and e2e tests,
 * so what the tests prove is what the demo shows. No real organisation is modelled.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import type { CollaborativeGateway } from '../shared/contracts/collaborative.ts'

export const DEMO_COLLABORATIVE_NAME = 'Four Shires Provider Collaborative'

export type DemoCollaborativeTrust = {
  /** The trust's key in the collaborative (prefixes its ids). */
  readonly key: string
  readonly name: string
  readonly seed: number
  /** The demo's scale: the four differ in size. */
  readonly scale: number
  /** Site names (one to three); absent: Northgate's three. */
  readonly sites?: readonly { readonly name: string; readonly shortName: string }[]
}

export const DEMO_COLLABORATIVE_TRUSTS: readonly DemoCollaborativeTrust[] = [
  { key: 'ngt', name: 'Northgate Teaching Hospitals NHS Foundation Trust', seed: 20_260_101, scale: 1 },
  {
    key: 'kvh',
    name: 'Kestrel Vale Hospitals NHS Trust',
    seed: 4_117,
    scale: 0.7,
    sites: [
      { name: 'Kestrel Vale General Hospital', shortName: 'KVG' },
      { name: 'Moorcross Hospital', shortName: 'MCH' },
    ],
  },
  {
    key: 'mah',
    name: 'Millbrook and Ashby Healthcare NHS Trust',
    seed: 90_210,
    scale: 0.5,
    sites: [
      { name: 'Millbrook Royal Infirmary', shortName: 'MRI' },
      { name: 'Ashby Community Hospital', shortName: 'ACH' },
    ],
  },
  {
    key: 'srh',
    name: 'Saltmoor Royal Hospitals NHS Foundation Trust',
    seed: 31_337,
    scale: 0.8,
    sites: [
      { name: 'Saltmoor Royal Hospital', shortName: 'SRH' },
      { name: 'Fenwick Hospital', shortName: 'FWH' },
      { name: 'Lyle Street Community Hospital', shortName: 'LSC' },
    ],
  },
]

export type DemoGatewayPlan = {
  readonly trust: DemoCollaborativeTrust
  readonly port: number
  readonly url: string
  readonly token: string
  /** The config file written for this gateway. */
  readonly config: string
  /** Its own change log directory. */
  readonly dataDir: string
  /** Whether this gateway serves the board (the first). */
  readonly servesRenderer: boolean
}

/** Free ports on 127.0.0.1, picked by binding port 0 (each gateway then listens on its own). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => {
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    return address.port
  })
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

export type PlanOptions = {
  /** Where the configs and data directories go (one folder per trust). */
  readonly dir: string
  readonly ports: readonly number[]
  /** Multiplies every trust's scale (tests run them small). */
  readonly scaleFactor?: number
  /** Events per second per trust (default: the demo's, 50 × scale). */
  readonly rate?: number
  readonly trusts?: readonly DemoCollaborativeTrust[]
}

/**
 * Writes each trust's gateway config: a demo source as that trust, one token, and — for a browser
 * wall served by the first gateway — the first gateway's origin allowed by the others, and the
 * others in the first's `rendererConnect`.
 */
export function planCollaborativeDemo(options: PlanOptions): DemoGatewayPlan[] {
  const trusts = options.trusts ?? DEMO_COLLABORATIVE_TRUSTS
  const urls = trusts.map((_, index) => {
    const port = options.ports[index]
    if (port === undefined) throw new Error(`no port for trust ${index + 1}`)
    return `http://127.0.0.1:${port}`
  })
  const [wallOrigin] = urls
  return trusts.map((trust, index) => {
    const folder = join(options.dir, trust.key)
    const dataDir = join(folder, 'data')
    mkdirSync(dataDir, { recursive: true })
    const token = `${trust.key}-${randomBytes(18).toString('base64url')}`
    const servesRenderer = index === 0
    const config = {
      server: { host: '127.0.0.1' },
      tokens: [{ token, name: 'collaborative-wall', role: 'operator' }],
      origins: servesRenderer || wallOrigin === undefined ? [] : [wallOrigin],
      rendererConnect: servesRenderer ? urls.slice(1) : [],
      sources: [
        {
          kind: 'demo',
          id: 'demo',
          seed: trust.seed,
          scale: Math.round(trust.scale * (options.scaleFactor ?? 1) * 100) / 100,
          ...(options.rate === undefined ? {} : { rate: options.rate }),
          trust: {
            id: trust.key,
            name: trust.name,
            ...(trust.sites === undefined ? {} : { sites: trust.sites }),
          },
        },
      ],
    }
    const file = join(folder, 'gateway.json')
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
    const url = urls[index] ?? ''
    return { trust, port: Number(new URL(url).port), url, token, config: file, dataDir, servesRenderer }
  })
}

/** The hub's gateway list for these gateways. */
export function gatewayList(
  plans: readonly Pick<DemoGatewayPlan, 'trust' | 'url' | 'token'>[],
): CollaborativeGateway[] {
  return plans.map((plan) => ({ trust: plan.trust.key, url: plan.url, token: plan.token }))
}

/** The board's address: served by the first gateway, the list in the fragment (never sent to a server). */
export function collaborativeBoardUrl(
  plans: readonly Pick<DemoGatewayPlan, 'trust' | 'url' | 'token'>[],
  query = '?mode=wall&board=collaborative',
): string {
  const first = plans[0]
  if (first === undefined) throw new Error('no gateways')
  const list = Buffer.from(JSON.stringify(gatewayList(plans))).toString('base64url')
  const name = encodeURIComponent(DEMO_COLLABORATIVE_NAME)
  return `${first.url}/${query}#trusts=${list}&name=${name}`
}
