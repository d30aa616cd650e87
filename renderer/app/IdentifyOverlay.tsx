import { useEffect, useState, type ReactElement } from 'react'
import type { IdentifyRequest } from '../../shared/contracts/ipc.ts'
import { useHost } from '../host/HostProvider.tsx'

/**
 * "Identify displays": every wall window shows its number huge for a few seconds, with the OS's
 * label, so whoever configures the wall can match numbers to physical screens.
 */
export function IdentifyOverlay(): ReactElement | null {
  const host = useHost()
  const [request, setRequest] = useState<IdentifyRequest | null>(null)
  useEffect(() => host.onIdentify(setRequest), [host])
  useEffect(() => {
    if (!request) return
    const timer = setTimeout(() => setRequest(null), request.durationMs)
    return () => clearTimeout(timer)
  }, [request])
  if (!request) return null
  return (
    <div className="identify-overlay" role="status" aria-live="polite">
      <div className="identify-number">{request.displayNumber}</div>
      <div className="identify-label">
        Display {request.displayNumber} of {request.displayCount} · {request.label}
      </div>
    </div>
  )
}
