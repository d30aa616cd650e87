/**
 * Electron's safeStorage as a SecretBox (electron/services/tokenVault.ts). Only after `ready`.
 * On Linux without a secret service safeStorage "encrypts" with a hard-coded key (basic_text):
 * that is reported as not available, so the token is not presented as protected when it is not.
 */
import { safeStorage } from 'electron'
import type { SecretBox } from '../services/tokenVault.ts'

export const electronSecretBox: SecretBox = {
  available: async () => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
  },
  seal: async (text) => (await safeStorage.encryptStringAsync(text)).toString('base64'),
  open: async (sealed) => {
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))
      return { text: result, reseal: shouldReEncrypt }
    } catch {
      // Sealed by another user or machine, or corrupt: the caller says so and asks for it again.
      return null
    }
  },
}
