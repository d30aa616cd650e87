import './zodJitless.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../styles/theme.css'
import '../styles/app.css'
import '../host/bridgeGlobal.ts'
import { createHost } from '../host/createHost.ts'
import { HostProvider } from '../host/HostProvider.tsx'
import { App } from './App.tsx'
import { runDetached } from '../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../ui/logDetachedFailure.ts'
import { sharedClock } from '../ui/sharedClock.ts'
import { CLOCK_RIDE_MS, rideNextFrame } from '../host/pageTiming.ts'

// The clock's second is drawn in a frame the page draws anyway (host/pageTiming.ts, CLOCK_RIDE_MS).
sharedClock.deliverWith((run) => rideNextFrame(run, CLOCK_RIDE_MS))

const rootElement = document.getElementById('root')
if (!rootElement) throw new Error('index.html has no #root')
const root = createRoot(rootElement)

runDetached(
  createHost().then((host) => {
    root.render(
      <StrictMode>
        <HostProvider host={host}>
          <App />
        </HostProvider>
      </StrictMode>,
    )
  }),
  logDetachedFailure('start-up'),
)
