import { Component, type ErrorInfo, type ReactNode } from 'react'
import { PanelMessage } from '../ui/PanelMessage.tsx'

type Props = { readonly panelId: string; readonly children: ReactNode }
type State = { readonly failed: boolean }

/** An unattended wall retries a failed panel this often (a transient bad state may have passed). */
const RETRY_MS = 30_000

/**
 * One panel failing must not blank the wall: it shows a message in its own cell, the rest of the
 * board carries on, and the panel is retried every 30 s (and on every board change, which
 * remounts it).
 */
export class PanelErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false }
  private retry: ReturnType<typeof setTimeout> | null = null

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Counted on the element so e2e and operators' tools can see it; the error itself may hold data.
    const count = Number(document.body.dataset['panelErrors'] ?? '0') + 1
    document.body.dataset['panelErrors'] = String(count)
    if (this.retry) clearTimeout(this.retry)
    this.retry = setTimeout(() => {
      this.retry = null
      this.setState({ failed: false })
    }, RETRY_MS)
  }

  override componentWillUnmount(): void {
    if (this.retry) clearTimeout(this.retry)
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <div className="panel-failed" data-failed-panel={this.props.panelId}>
          <PanelMessage tone="critical">
            This panel failed and is not showing live data. The rest of the board is unaffected.
          </PanelMessage>
        </div>
      )
    }
    return this.props.children
  }
}
