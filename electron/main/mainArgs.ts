/**
 * The app's own flags. Chromium's and Electron's flags share argv (e.g. `--ozone-platform=x11` on
 * the .desktop Exec line), so unknown flags are ignored rather than rejected.
 */
import { parseArgs } from 'node:util'
import { appModeSchema } from '../../shared/contracts/ipc.ts'
import type { AppMode } from '../../shared/contracts/ipc.ts'
import { gatewaySettingSchema } from '../services/settings.ts'
import type { GatewaySetting } from '../services/settings.ts'

export type MainArgs = {
  /** From `--gateway URL --token T`; null means "use settings, else the embedded gateway". */
  readonly gateway: GatewaySetting | null
  readonly mode: AppMode | null
}

export const MAIN_USAGE = `watchfloor [--mode wall|desktop] [--gateway URL --token T]
  --mode      wall: one fullscreen window per display; desktop: one normal window (saved in settings)
  --gateway   a running gateway, e.g. https://gateway.trust.nhs.uk (needs --token)
  --token     the gateway token for this app (role decided by the gateway's config)
  With no gateway in flags or settings, the app starts its own on 127.0.0.1 with the demo trust.`

export function parseMainArgs(
  argv: readonly string[],
): { ok: true; args: MainArgs } | { ok: false; error: string } {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: { gateway: { type: 'string' }, token: { type: 'string' }, mode: { type: 'string' } },
  })
  const gatewayRaw = typeof values.gateway === 'string' ? values.gateway : undefined
  const tokenRaw = typeof values.token === 'string' ? values.token : undefined
  let gateway: GatewaySetting | null = null
  if (gatewayRaw !== undefined || tokenRaw !== undefined) {
    if (gatewayRaw === undefined || tokenRaw === undefined)
      return { ok: false, error: '--gateway and --token go together' }
    const parsed = gatewaySettingSchema.safeParse({ url: gatewayRaw, token: tokenRaw })
    if (!parsed.success)
      return { ok: false, error: `--gateway/--token: ${parsed.error.issues[0]?.message ?? 'invalid'}` }
    gateway = parsed.data
  }
  let mode: AppMode | null = null
  if (values.mode !== undefined) {
    const parsed = appModeSchema.safeParse(values.mode)
    if (!parsed.success) return { ok: false, error: '--mode: expected wall or desktop' }
    mode = parsed.data
  }
  return { ok: true, args: { gateway, mode } }
}
