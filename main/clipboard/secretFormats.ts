/**
 * The extra clipboard formats that tell clipboard managers and OS clipboard history to keep a secret out:
 * - Linux (KDE Klipper and others): `x-kde-passwordManagerHint` = "secret"
 * - macOS (nspasteboard.org convention): `org.nspasteboard.ConcealedType` present
 * - Windows: `ExcludeClipboardContentFromMonitorProcessing` present, and the DWORD formats
 *   `CanIncludeInClipboardHistory` / `CanUploadToCloudClipboard` = 0 (Win+V history, cloud sync)
 */
export interface ClipboardFormat {
  format: string;
  data: Buffer;
}

function dword(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

export function secretClipboardFormats(platform: NodeJS.Platform): ClipboardFormat[] {
  switch (platform) {
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return [{ format: 'x-kde-passwordManagerHint', data: Buffer.from('secret', 'utf8') }];
    case 'darwin':
      return [{ format: 'org.nspasteboard.ConcealedType', data: Buffer.alloc(0) }];
    case 'win32':
      return [
        { format: 'ExcludeClipboardContentFromMonitorProcessing', data: Buffer.alloc(0) },
        { format: 'CanIncludeInClipboardHistory', data: dword(0) },
        { format: 'CanUploadToCloudClipboard', data: dword(0) },
      ];
    default:
      return [];
  }
}
