/**
 * The pure part of the Electron clipboard adapter: how one secret copy becomes one `clipboard.write`.
 *
 * Electron 44+ has an asynchronous, W3C-shaped clipboard: `write([new ClipboardItem({type: data})])` commits
 * every entry of the call atomically. Plain text goes as `text/plain`; a raw platform format (the hints that
 * keep a secret out of clipboard history and managers) goes under Electron's
 * `electron application/osclipboard;format="<name>"` type, with the format's bytes as a Blob.
 * Everything is in ONE item of ONE write, so no clipboard manager ever sees the text without its hints.
 */
import type { ClipboardAdapter } from '../clipboard/clipboardGuard';
import type { ClipboardFormat } from '../clipboard/secretFormats';

export const OS_FORMAT_PREFIX = 'electron application/osclipboard;format=';

export function osFormatType(format: string): string {
  if (!/^[\w.-]+$/.test(format)) throw new TypeError(`not a clipboard format name: ${format}`);
  return `${OS_FORMAT_PREFIX}"${format}"`;
}

/** The entries of the single ClipboardItem written for a secret. */
export function secretClipboardEntries(text: string, formats: ClipboardFormat[]): Record<string, string | Blob> {
  const entries: Record<string, string | Blob> = { 'text/plain': text };
  for (const { format, data } of formats) {
    entries[osFormatType(format)] = new Blob([new Uint8Array(data)], { type: 'application/octet-stream' });
  }
  return entries;
}

/** The part of Electron's `clipboard` module the adapter uses (a fake object in unit tests). */
export interface ClipboardModule<Item> {
  write(items: Item[]): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

export function clipboardAdapterOver<Item>(
  clipboard: ClipboardModule<Item>,
  makeItem: (entries: Record<string, string | Blob>) => Item,
): ClipboardAdapter {
  return {
    writeSecret: (text, formats) => clipboard.write([makeItem(secretClipboardEntries(text, formats))]),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  };
}
