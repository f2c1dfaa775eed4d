/**
 * The Electron clipboard adapter's pure part, against a fake `clipboard` module shaped like Electron 45's
 * (asynchronous `write(items)`, `readText()`, `clear()`): Electron itself cannot run here.
 */
import { describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../../main/clipboard/clipboardGuard';
import {
  clipboardAdapterOver,
  osFormatType,
  secretClipboardEntries,
  type ClipboardModule,
} from '../../../main/platform/clipboardItems';

class FakeItem {
  constructor(readonly entries: Record<string, string | Blob>) {}
}

function fakeElectronClipboard() {
  const writes: FakeItem[][] = [];
  let text = '';
  const module: ClipboardModule<FakeItem> = {
    async write(items) {
      writes.push(items);
      const plain = items[0]?.entries['text/plain'];
      text = typeof plain === 'string' ? plain : '';
    },
    async readText() {
      return text;
    },
    clear() {
      text = '';
    },
  };
  return { module, writes, text: () => text };
}

async function bytes(value: string | Blob | undefined): Promise<number[]> {
  if (!(value instanceof Blob)) throw new Error('expected a Blob');
  return [...new Uint8Array(await value.arrayBuffer())];
}

describe('Electron clipboard adapter', () => {
  it.each([
    ['linux', { 'x-kde-passwordManagerHint': [...Buffer.from('secret')] }],
    ['darwin', { 'org.nspasteboard.ConcealedType': [] }],
    [
      'win32',
      {
        ExcludeClipboardContentFromMonitorProcessing: [],
        CanIncludeInClipboardHistory: [0, 0, 0, 0],
        CanUploadToCloudClipboard: [0, 0, 0, 0],
      },
    ],
  ] as const)('on %s writes the text and the secret hints in ONE write of ONE item', async (platform, expected) => {
    const fake = fakeElectronClipboard();
    const guard = new ClipboardGuard(
      clipboardAdapterOver(fake.module, (entries) => new FakeItem(entries)),
      {
        platform,
      },
    );
    await guard.copySecret('S3cr3t!', 'password', 20_000);
    expect(fake.writes).toHaveLength(1);
    expect(fake.writes[0]).toHaveLength(1);
    const entries = fake.writes[0]![0]!.entries;
    expect(entries['text/plain']).toBe('S3cr3t!');
    const hints = Object.keys(entries).filter((key) => key !== 'text/plain');
    expect(hints.sort()).toEqual(Object.keys(expected).map(osFormatType).sort());
    for (const [format, data] of Object.entries(expected)) {
      expect(await bytes(entries[osFormatType(format)])).toEqual(data);
    }
    await expect(guard.clearNow('quit')).resolves.toBe(true);
    expect(fake.text()).toBe('');
  });

  it("names raw formats with Electron's osclipboard type and refuses names that could break out of it", () => {
    expect(osFormatType('x-kde-passwordManagerHint')).toBe(
      'electron application/osclipboard;format="x-kde-passwordManagerHint"',
    );
    expect(() => osFormatType('a";b')).toThrow(TypeError);
    expect(Object.keys(secretClipboardEntries('t', []))).toEqual(['text/plain']);
  });
});
