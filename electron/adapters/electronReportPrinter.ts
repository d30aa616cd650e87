/**
 * `ReportPrinter` and `ReportSaver` over Electron: the report page loaded in a hidden, sandboxed
 * window with JavaScript off (the page has none) and printed with `webContents.printToPDF`; files
 * written to `Documents/Watchfloor reports`. Thin on purpose: the logic is in
 * electron/services/incidentReportExporter.ts, tested with fakes.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BrowserWindow, app } from 'electron'
import type { ReportPrinter, ReportSaver } from '../services/incidentReportExporter.ts'

export const electronReportPrinter: ReportPrinter = async (html) => {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, javascript: false, nodeIntegration: false },
  })
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
    return new Uint8Array(pdf)
  } finally {
    win.destroy()
  }
}

export const electronReportSaver: ReportSaver = async (name, contents) => {
  const dir = join(app.getPath('documents'), 'Watchfloor reports')
  await mkdir(dir, { recursive: true })
  const path = join(dir, name)
  await writeFile(path, contents)
  return path
}
