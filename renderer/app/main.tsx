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
