import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardAdapter } from '../clipboard/clipboardGuard';
import { clipboardAdapterOver } from './clipboardItems';

/** The system clipboard of the desktop app; the logic is in clipboardItems.ts, tested without Electron. */
export function electronClipboard(): ClipboardAdapter {
  return clipboardAdapterOver(clipboard, (entries) => new ClipboardItem(entries));
}
