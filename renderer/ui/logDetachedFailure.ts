/**
 * The `onError` of `runDetached` in the renderer: the page's console is the renderer's log
 * (DevTools in a browser and in Electron), and an e2e test fails on any console error. Only the
 * error's name and message are written — never a payload.
 */
export function logDetachedFailure(what: string): (error: unknown) => void {
  return (error) => {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    // eslint-disable-next-line no-console -- the page's console is the renderer's log (see above)
    console.error(`watchfloor: ${what} failed: ${text}`)
  }
}
