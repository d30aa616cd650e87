/**
 * Electron main's composition root: the only place that wires adapters (Electron) to the logic
 * (wall/desktop managers, crash supervisor, hub, IPC, notifier). Everything it wires is tested
 * with fakes; this file is proven by the typechecker against Electron's own types.
 *
 * Order matters: the single-instance lock, the sandbox, switches and the app:// scheme must all
 * be set before `ready`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
// The default NHS rule pack, bundled into main at build time (a packaged app cannot lose it).
import nhsDefaultRules from '../../resources/alarm-rules/nhs-default.yaml?raw'
import { openHubPort } from '../adapters/electronHubPort.ts'
import {
  app,
  clearApplicationMenu,
  hardenSessionAndContents,
  prepareBeforeReady,
  preventDisplaySleep,
  registerIpc,
  serveAppProtocol,
  setApplicationMenu,
  showNotification,
  utilityProcessLauncher,
} from '../adapters/electronPlatform.ts'
import { electronScreen } from '../adapters/electronScreen.ts'
import { electronSecretBox } from '../adapters/electronSecretBox.ts'
import { electronWindowFactory } from '../adapters/electronWindows.ts'
import { createHubFanout } from '../hub/hubFanout.ts'
import type { HubFanout } from '../hub/hubFanout.ts'
import { startMainAlarms } from '../hub/mainAlarms.ts'
import type { MainAlarms } from '../hub/mainAlarms.ts'
import { FRAME_MS, createMainHub, toHubClock } from '../hub/mainHub.ts'
import type { MainHub } from '../hub/mainHub.ts'
import { createMainCollaborativeHub, type MainCollaborativeHub } from '../hub/mainCollaborativeHub.ts'
import type { PortLike } from '../hub/portLike.ts'
import { alarmHandlers } from '../ipc/alarmHandlers.ts'
import { dataHandlers } from '../ipc/dataHandlers.ts'
import { windowHandlers } from '../ipc/windowHandlers.ts'
import { replayHandlers } from '../ipc/replayHandlers.ts'
import { createReplayPorts, type ReplayPorts } from '../hub/replayPorts.ts'
import { ReplaySession } from '../../shared/hub/ReplaySession.ts'
import { createHistoryClient, type HistoryClient } from '../../shared/hub/historyClient.ts'
import { parseRulePackText } from '../../shared/domain/alarms/parseRulePackText.ts'
import { createIncidentReportExporter } from '../services/incidentReportExporter.ts'
import { electronReportPrinter, electronReportSaver } from '../adapters/electronReportPrinter.ts'
import { startEmbeddedGateway, superviseEmbeddedGateway } from '../services/embeddedGateway.ts'
import type { GatewaySupervisor } from '../services/embeddedGateway.ts'
import { createGatewayDocuments, type GatewayDocuments } from '../services/gatewayDocuments.ts'
import { openCollaborative } from '../services/openCollaborative.ts'
import { createLogger } from '../services/logger.ts'
import { createNotifier } from '../services/notifier.ts'
import type { Notifier } from '../services/notifier.ts'
import { diskSettingsFile, openSettings } from '../services/settings.ts'
import type { GatewaySetting, SettingsStore } from '../services/settings.ts'
import { openStoredGateway } from '../services/tokenVault.ts'
import { createCrashSupervisor } from '../windows/crashSupervisor.ts'
import { createDesktopManager } from '../windows/desktopManager.ts'
import type { DesktopManager } from '../windows/desktopManager.ts'
import { MAIN_USAGE, parseMainArgs } from './mainArgs.ts'
import type { MainArgs } from './mainArgs.ts'
import type { AppWindow } from '../core/ports.ts'
import { systemClock } from '../core/ports.ts'
import { createWallManager } from '../windows/wallManager.ts'
import type { WallManager } from '../windows/wallManager.ts'

const log = createLogger('main')

/** Where the build puts things, relative to the app directory (the asar when packaged). */
export const OUT_PATHS = {
  renderer: 'out/renderer',
  preload: 'out/preload/preload.cjs',
  gateway: 'out/gateway/main.js',
} as const

function bootstrap(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the displays; it is told (second-instance) and re-asserts the wall.
    app.quit()
    return
  }
  prepareBeforeReady()
  const parsed = parseMainArgs(process.argv.slice(1), {
    env: process.env,
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8')
      } catch {
        // parseMainArgs names the flag and the path; the error code adds nothing for the operator.
        return null
      }
    },
  })
  if (!parsed.ok) {
    process.stderr.write(`watchfloor: ${parsed.error}\n${MAIN_USAGE}\n`)
    app.exit(2)
    return
  }
  app.whenReady().then(
    () => start(parsed.args),
    (error: unknown) => {
      log.error('app failed to become ready', { error: error instanceof Error ? error.name : 'unknown' })
      app.exit(1)
    },
  )
}

async function start(args: MainArgs): Promise<void> {
  const appDir = app.getAppPath()
  const clock = systemClock
  const settings = openSettings(
    diskSettingsFile(join(app.getPath('userData'), 'settings.json')),
    log.child('settings'),
  )
  const mode = args.mode ?? settings.get().mode
  log.info('starting', { mode, version: app.getVersion(), packaged: app.isPackaged })
  for (const warning of args.warnings) log.warn(warning)

  serveAppProtocol(join(appDir, OUT_PATHS.renderer), log.child('protocol'))
  hardenSessionAndContents(log.child('security'))

  const screen = electronScreen()
  const windows = electronWindowFactory(join(appDir, OUT_PATHS.preload), !app.isPackaged, log.child('window'))
  const crashes = createCrashSupervisor(clock, log.child('crash'))

  let mainHub: MainHub | MainCollaborativeHub | null = null
  // A collaborative's floor plans come from each level's trust (docs/collaborative.md).
  let collaborativeDocuments: GatewayDocuments | null = null
  let alarms: MainAlarms | null = null
  let gatewayTarget: { readonly url: string; readonly token: string } | null = null
  let fanout: HubFanout | null = null
  // Replay (docs/replay.md): each window's port through its own replay switch; history over HTTP.
  let replayPorts: ReplayPorts | null = null
  let historyClient: HistoryClient | null = null
  const exportReport = createIncidentReportExporter({
    history: () => historyClient,
    print: electronReportPrinter,
    save: electronReportSaver,
    now: () => clock.now(),
    log: log.child('report'),
  })
  let embedded: GatewaySupervisor | null = null
  // Windows can ask for the hub before the (embedded) gateway is up: their ports wait here.
  const waitingPorts = new Map<number, PortLike>()

  // The notifier and the window manager refer to each other (mute is in every window's context).
  let notifier: Notifier | null = null
  const baseContext = () => ({
    mute: notifier?.muteState() ?? settings.get().alarmMute,
    appVersion: app.getVersion(),
  })
  const onWindowCreated = (window: AppWindow): void => {
    crashes.supervise(window, `window-${window.webContentsId}`)
    window.on('did-finish-load', () => notifier?.windowLoaded(window))
    window.on('closed', () => {
      waitingPorts.delete(window.webContentsId)
      fanout?.detach(window.webContentsId)
    })
  }

  const directory: WallManager | DesktopManager =
    mode === 'wall'
      ? createWallManager({
          screen,
          windows,
          clock,
          log: log.child('wall'),
          baseContext,
          assignments: {
            load: () => settings.get().displays,
            save: (displays) => settings.update((s) => ({ ...s, displays: [...displays] })),
          },
          onWindowCreated,
        })
      : createDesktopManager({
          screen,
          windows,
          log: log.child('desktop'),
          baseContext,
          loadDesktop: () => settings.get().desktop,
          saveDesktop: (change) => settings.update((s) => ({ ...s, desktop: change(s.desktop) })),
          setMenu: setApplicationMenu,
          mute: (minutes) => notifier?.setMute(minutes === null ? null : clock.now() + minutes * 60_000),
          quit: () => app.quit(),
          onWindowCreated,
        })

  const activeNotifier = createNotifier({
    mode,
    directory,
    clock,
    log: log.child('notifier'),
    notify: showNotification,
    loadMute: () => settings.get().alarmMute,
    saveMute: (alarmMute) => settings.update((s) => ({ ...s, alarmMute })),
  })
  notifier = activeNotifier

  registerIpc([
    ...windowHandlers({
      directory,
      log: log.child('ipc'),
      connectHub: (webContentsId) => {
        const port = openHubPort(webContentsId)
        if (port === null) return false
        if (fanout === null) waitingPorts.set(webContentsId, port)
        else fanout.attach(webContentsId, replayPorts ? replayPorts.wrap(webContentsId, port) : port)
        return true
      },
    }),
    ...alarmHandlers({
      hub: () => mainHub?.actions ?? null,
      mute: activeNotifier,
      history: () => alarms?.history() ?? null,
      isOurWindow: (id) => directory.contextFor(id) !== null,
      log: log.child('ipc'),
    }),
    ...replayHandlers({
      replay: () => replayPorts,
      history: () => historyClient,
      exportReport: (incident) => exportReport(incident),
      isOurWindow: (id) => directory.contextFor(id) !== null,
      log: log.child('ipc'),
    }),
    ...dataHandlers({
      documents: ((single: GatewayDocuments): GatewayDocuments => ({
        floorPlan: (levelId) => (collaborativeDocuments ?? single).floorPlan(levelId),
        sitrep: (day) => (collaborativeDocuments ?? single).sitrep(day),
        kpiSeries: (request) => (collaborativeDocuments ?? single).kpiSeries(request),
      }))(createGatewayDocuments(() => gatewayTarget, fetch, log.child('documents'))),
      isOurWindow: (id) => directory.contextFor(id) !== null,
      log: log.child('ipc'),
    }),
  ])

  app.on('window-all-closed', () => {
    // A wall with every display unplugged keeps running and reopens windows on replug.
    if (mode === 'desktop') app.quit()
  })
  app.on('second-instance', () => {
    log.info('second instance started; re-asserting windows')
    if (mode === 'wall') (directory as WallManager).reconcileNow()
    else (directory as DesktopManager).focus()
  })
  app.on('render-process-gone', (_event, contents, details) => {
    log.warn('render process gone', { webContentsId: contents.id, reason: details.reason })
  })
  app.on('child-process-gone', (_event, details) => {
    log.warn('child process gone', { type: details.type, reason: details.reason, name: details.name ?? null })
  })
  app.on('before-quit', () => {
    directory.stop()
    alarms?.stop()
    fanout?.stop()
    mainHub?.stop()
    embedded?.stop()
    activeNotifier.stop()
  })

  if (mode === 'wall') {
    clearApplicationMenu()
    const blocker = preventDisplaySleep()
    log.info('display sleep prevented', { blocker })
  }
  directory.start()

  const storedCollaborative =
    args.gateway === null && args.collaborative === null ? settings.get().collaborative : null
  let collaborativeGateways = args.collaborative
  if (storedCollaborative !== null && storedCollaborative.length > 0) {
    const opened = await openCollaborative(storedCollaborative, electronSecretBox)
    if (!opened.ok) {
      log.error('no gateway: the collaborative in settings cannot be used', { error: opened.error })
      return
    }
    const store = opened.store
    if (store !== null) settings.update((s) => ({ ...s, collaborative: [...store] }))
    if (opened.inClear.length > 0)
      log.warn('collaborative tokens kept in clear in settings: this OS has no keychain', {
        trusts: opened.inClear.join(','),
      })
    collaborativeGateways = opened.gateways
  }
  if (collaborativeGateways !== null) {
    // A collaborative: one hub over every trust's gateway, instead of one gateway.
    const collaborative = createMainCollaborativeHub({
      gateways: collaborativeGateways,
      clock,
      log: log.child('hub'),
      fetch,
    })
    collaborativeDocuments = collaborative.documents
    mainHub = collaborative
  } else {
    const gateway = await resolveGateway(args, settings, join(appDir, OUT_PATHS.gateway))
    if (gateway === null) return
    embedded = gateway.embedded
    gatewayTarget = { url: gateway.url, token: gateway.token }
    mainHub = createMainHub({
      gatewayUrl: gateway.url,
      ...(gateway.alternateUrls === undefined ? {} : { alternateUrls: gateway.alternateUrls }),
      token: gateway.token,
      clock,
      log: log.child('hub'),
    })
  }
  // The hub already flushes once per ~16 ms; the fan-out just forwards each flush.
  fanout = createHubFanout(mainHub.source, log.child('fanout'))
  // The one alarm engine of the app instance, on the hub: its alarms reach windows with the data.
  alarms = startMainAlarms({
    hub: mainHub.hub,
    clock: toHubClock(clock),
    rulesText: nhsDefaultRules,
    journalDir: join(app.getPath('userData'), 'alarms'),
    log: log.child('alarms'),
  })
  mainHub.onAlarms((list) => activeNotifier.update(list))
  const hub = mainHub.hub
  const hubClock = toHubClock(clock)
  const replayPack = parseRulePackText(nhsDefaultRules)
  // Replay and history read one gateway's log; a collaborative's windows are live only (docs/replay.md).
  const target = gatewayTarget
  if (target !== null) {
    historyClient = createHistoryClient({ gatewayUrl: target.url, token: target.token, fetch })
    replayPorts = createReplayPorts({
      source: mainHub.source,
      createSession: () =>
        new ReplaySession({
          gatewayUrl: target.url,
          token: target.token,
          fetch: (url, init) => fetch(url, { headers: { ...init.headers } }),
          clock: hubClock,
          schedule: (flush) => hubClock.after(FRAME_MS, flush),
          // The same rules as the live engine (an invalid pack: no replayed alarms, as live).
          pack: replayPack.ok ? replayPack.pack : { version: 1, name: 'empty', rules: [] },
          live: () => hub.snapshot(),
          logger: log.child('replay'),
        }),
    })
  }
  const replay = replayPorts
  for (const [id, port] of waitingPorts) fanout.attach(id, replay ? replay.wrap(id, port) : port)
  waitingPorts.clear()
}

type ResolvedGateway = GatewaySetting & { readonly embedded: GatewaySupervisor | null }

/** Flags, then settings (the token unsealed, or sealed if it was in clear), else the embedded demo gateway. */
async function resolveGateway(
  args: MainArgs,
  settings: SettingsStore,
  gatewayEntry: string,
): Promise<ResolvedGateway | null> {
  if (args.gateway !== null) {
    log.info('using configured gateway', { url: args.gateway.url, from: 'flags' })
    return { ...args.gateway, embedded: null }
  }
  const stored = settings.get().gateway
  if (stored !== null) {
    const opened = await openStoredGateway(stored, electronSecretBox)
    if (!opened.ok) {
      log.error('no gateway: the token in settings cannot be used', { error: opened.error })
      return null
    }
    if (opened.store !== null) {
      const store = opened.store
      settings.update((s) => ({ ...s, gateway: store }))
      log.info('gateway token sealed with the OS keychain in settings')
    }
    if (opened.inClear) {
      log.warn(
        'the gateway token is kept in clear in settings: this OS has no keychain; use --token-file instead',
      )
    }
    log.info('using configured gateway', { url: opened.gateway.url, from: 'settings' })
    return { ...opened.gateway, embedded: null }
  }
  const options = {
    launcher: utilityProcessLauncher,
    modulePath: gatewayEntry,
    clock: systemClock,
    log: log.child('embedded-gateway'),
    // The embedded gateway's change log lives with the app's other data: a restart restores it.
    dataDir: join(app.getPath('userData'), 'gateway'),
  }
  const started = await startEmbeddedGateway(options)
  if (!started.ok) {
    log.error('no gateway: the embedded gateway did not start', { error: started.error })
    return null
  }
  const supervisor = superviseEmbeddedGateway(options, started.gateway)
  return { url: started.gateway.url, token: started.gateway.token, embedded: supervisor }
}

bootstrap()
