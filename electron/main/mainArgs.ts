/**
 * The app's own flags. Chromium's and Electron's flags share argv (e.g. `--ozone-platform=x11` on
 * the .desktop Exec line), so unknown flags are ignored rather than rejected.
 *
 * The gateway token comes from a file (`--token-file`, readable by the app's user only) or the
 * environment (`WATCHFLOOR_TOKEN`), which other users of the machine cannot read. `--token T`
 * still works, for scripts and tests, with a warning: it is in the process list for every user.
 */
import { parseArgs } from 'node:util'
import {
  collaborativeGatewaysSchema,
  type CollaborativeGateways,
} from '../../shared/contracts/collaborative.ts'
import { appModeSchema } from '../../shared/contracts/ipc.ts'
import type { AppMode } from '../../shared/contracts/ipc.ts'
import { gatewaySettingSchema } from '../services/settings.ts'
import type { GatewaySetting } from '../services/settings.ts'

/** The environment variable that may carry the gateway token. */
export const TOKEN_ENV = 'WATCHFLOOR_TOKEN'

export type MainArgs = {
  /** From `--gateway URL` and a token; null means "use settings, else the embedded gateway". */
  readonly gateway: GatewaySetting | null
  /** From `--collaborative FILE`: every trust's gateway of a collaborative (docs/collaborative.md). */
  readonly collaborative: CollaborativeGateways | null
  readonly mode: AppMode | null
  /** Things to log at start (a token given on the command line). */
  readonly warnings: readonly string[]
}

/** Where the flags may read from, injected so tests need neither files nor a real environment. */
export type MainArgsSources = {
  readonly env: Readonly<Record<string, string | undefined>>
  /** The file's text, or null when it cannot be read. */
  readonly readFile: (path: string) => string | null
}

export const MAIN_USAGE = `watchfloor [--mode wall|desktop] [--gateway URL (--token-file FILE | --token T)]
  --mode        wall: one fullscreen window per display; desktop: one normal window (saved in settings)
  --gateway     a running gateway, e.g. https://gateway.trust.nhs.uk (needs a token);
                a cluster's gateways comma-separated, tried in turn (docs/cluster.md)
  --token-file  a file holding the gateway token (its first line); or set ${TOKEN_ENV}
  --token       the token itself: visible to every user in the process list, so prefer the two above
  --collaborative FILE  a JSON list of { trust, url, token }, one per trust's gateway (readable by
                the app's user only): the hub merges them all (docs/collaborative.md)
  With no gateway in flags or settings, the app starts its own on 127.0.0.1 with the demo trust.`

const NO_SOURCES: MainArgsSources = { env: {}, readFile: () => null }

export function parseMainArgs(
  argv: readonly string[],
  sources: MainArgsSources = NO_SOURCES,
): { ok: true; args: MainArgs } | { ok: false; error: string } {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      gateway: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      mode: { type: 'string' },
      collaborative: { type: 'string' },
    },
  })
  const warnings: string[] = []
  const gatewayRaw = typeof values.gateway === 'string' ? values.gateway : undefined
  const tokenFlag = typeof values.token === 'string' ? values.token : undefined
  const tokenFile = typeof values['token-file'] === 'string' ? values['token-file'] : undefined
  if (tokenFlag !== undefined && tokenFile !== undefined) {
    return { ok: false, error: '--token and --token-file: give the token one way' }
  }
  let token: string | undefined
  let from = ''
  if (tokenFile !== undefined) {
    const text = sources.readFile(tokenFile)
    if (text === null) return { ok: false, error: `--token-file: cannot read ${tokenFile}` }
    token = (text.split(/\r?\n/)[0] ?? '').trim()
    from = '--token-file'
  } else if (tokenFlag !== undefined) {
    token = tokenFlag
    from = '--token'
    warnings.push(`--token is visible to every user in the process list; use --token-file or ${TOKEN_ENV}`)
  } else if (gatewayRaw !== undefined && sources.env[TOKEN_ENV] !== undefined) {
    token = (sources.env[TOKEN_ENV] ?? '').trim()
    from = TOKEN_ENV
  }
  let gateway: GatewaySetting | null = null
  if (gatewayRaw !== undefined || token !== undefined) {
    if (gatewayRaw === undefined) return { ok: false, error: `${from} needs --gateway` }
    if (token === undefined) {
      return { ok: false, error: `--gateway needs a token: --token-file, ${TOKEN_ENV} or --token` }
    }
    // `--gateway A,B,C`: a cluster's gateways, the first tried first (docs/cluster.md).
    const [url, ...alternateUrls] = gatewayRaw.split(',').map((part) => part.trim())
    const parsed = gatewaySettingSchema.safeParse({
      url,
      token,
      ...(alternateUrls.length > 0 ? { alternateUrls } : {}),
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const which = issue?.path[0] === 'token' ? from : '--gateway'
      return { ok: false, error: `${which}: ${issue?.message ?? 'invalid'}` }
    }
    gateway = parsed.data
  }
  let collaborative: CollaborativeGateways | null = null
  const collaborativeFile = typeof values.collaborative === 'string' ? values.collaborative : undefined
  if (collaborativeFile !== undefined) {
    if (gateway !== null) return { ok: false, error: '--collaborative and --gateway: give one' }
    const text = sources.readFile(collaborativeFile)
    if (text === null) return { ok: false, error: `--collaborative: cannot read ${collaborativeFile}` }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return { ok: false, error: `--collaborative: ${collaborativeFile} is not JSON` }
    }
    const parsed = collaborativeGatewaysSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return {
        ok: false,
        error: `--collaborative: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
      }
    }
    collaborative = parsed.data
  }
  let mode: AppMode | null = null
  if (values.mode !== undefined) {
    const parsed = appModeSchema.safeParse(values.mode)
    if (!parsed.success) return { ok: false, error: '--mode: expected wall or desktop' }
    mode = parsed.data
  }
  return { ok: true, args: { gateway, collaborative, mode, warnings } }
}
