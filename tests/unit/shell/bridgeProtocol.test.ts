import { describe, expect, it } from 'vitest';
import { decodeServerMessage, encodeEvent } from '../../../preload/bridgeProtocol';

/** A binary message built by hand: header JSON and the bytes after it. */
function frame(header: unknown, ...parts: Uint8Array[]): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const total = parts.reduce((n, p) => n + p.length, 4 + text.length);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 4);
  let offset = 4 + text.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('bridge events with bytes', () => {
  it('sends an event without bytes as JSON text, as before', () => {
    const event = { event: 'terminal.status', payload: { terminalId: 'x', state: 'open', reason: null } };
    const encoded = encodeEvent(event);
    expect(typeof encoded).toBe('string');
    expect(decodeServerMessage(encoded)).toEqual(event);
  });

  it('sends terminal output as one binary message and hands back the same bytes', () => {
    const data = Buffer.from([0, 1, 2, 0xff, 0x1b, 0x5b]);
    const encoded = encodeEvent({ event: 'terminal.output', payload: { terminalId: 't', data } });
    expect(encoded).toBeInstanceOf(Uint8Array);
    // The bytes are not base64 text: the message is header + the raw bytes.
    const text = new TextDecoder().decode(encoded as Uint8Array);
    expect(text).not.toContain(data.toString('base64'));
    const decoded = decodeServerMessage((encoded as Uint8Array).slice().buffer) as {
      event: string;
      payload: { terminalId: string; data: Uint8Array };
    };
    expect(decoded.event).toBe('terminal.output');
    expect(decoded.payload.terminalId).toBe('t');
    expect(decoded.payload.data).toBeInstanceOf(Uint8Array);
    expect([...decoded.payload.data]).toEqual([...data]);
  });

  it('never has JSON turn a Buffer into an array of numbers (its toJSON) only to drop it; other values as JSON has them', () => {
    const data = Buffer.from('a flood of output');
    const spied = Object.assign(data, {
      toJSON(): never {
        throw new Error('toJSON was called on the bytes');
      },
    });
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const encoded = encodeEvent({ event: 'terminal.output', payload: { terminalId: 't', data: spied, at, list: [1] } });
    const decoded = decodeServerMessage(encoded) as { payload: { data: Uint8Array; at: string; list: number[] } };
    expect(new TextDecoder().decode(decoded.payload.data)).toBe('a flood of output');
    expect(decoded.payload.at).toBe('2026-01-02T03:04:05.000Z');
    expect(decoded.payload.list).toEqual([1]);
  });

  it('carries bytes nested in arrays (remote desktop rectangles), empty ones included, in order', () => {
    const rects = [
      { x: 0, y: 0, width: 1, height: 1, rgba: new Uint8Array([1, 2, 3, 4]) },
      { x: 1, y: 0, width: 1, height: 1, rgba: new Uint8Array(0), fill: 0xff0000 },
      { x: 2, y: 0, width: 1, height: 1, rgba: new Uint8Array([5, 6, 7, 8]) },
    ];
    const encoded = encodeEvent({ event: 'rdp.frame', payload: { viewerId: 'v', rects } });
    const decoded = decodeServerMessage(encoded) as { payload: { rects: typeof rects } };
    expect(decoded.payload.rects.map((r) => [...r.rgba])).toEqual([[1, 2, 3, 4], [], [5, 6, 7, 8]]);
    expect(decoded.payload.rects[1]!.fill).toBe(0xff0000);
  });

  it('leaves the payload untouched, keeps values with their own JSON form, and sends large Buffers as raw bytes', () => {
    const rgba = Buffer.alloc(256 * 256 * 4, 7);
    const at = new Date('2026-12-01T06:00:00.000Z');
    const payload = { viewerId: 'v', at, rects: [{ x: 0, y: 0, width: 256, height: 256, rgba }] };
    const encoded = encodeEvent({ event: 'rdp.frame', payload }) as Uint8Array;
    expect(payload.rects[0]!.rgba).toBe(rgba);
    // Header + the pixels themselves: no {type: 'Buffer', data: [...]} text of them.
    expect(encoded.byteLength).toBeLessThan(rgba.length + 400);
    const decoded = decodeServerMessage(encoded) as { payload: { at: string; rects: Array<{ rgba: Uint8Array }> } };
    expect(decoded.payload.at).toBe('2026-12-01T06:00:00.000Z');
    expect(decoded.payload.rects[0]!.rgba.length).toBe(rgba.length);
    expect(decoded.payload.rects[0]!.rgba.every((b) => b === 7)).toBe(true);
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['shorter than its length field', new Uint8Array([1, 2])],
    ['a header length beyond the message', frame('{}').map((b, i) => (i === 0 ? 200 : b))],
    ['a header that is not JSON', frame('{nope')],
    ['a header without an event name', frame({ payload: {}, bytes: [] })],
    ['a header without a bytes list', frame({ event: 'e', payload: { data: null } })],
    ['bytes promised but missing', frame({ event: 'e', payload: { data: null }, bytes: [[['data'], 4]] })],
    ['bytes left over', frame({ event: 'e', payload: { data: null }, bytes: [[['data'], 1]] }, new Uint8Array([1, 2]))],
    ['a negative length', frame({ event: 'e', payload: { data: null }, bytes: [[['data'], -1]] })],
    [
      'a path to nowhere',
      frame({ event: 'e', payload: { data: null }, bytes: [[['nothing', 'here'], 1]] }, new Uint8Array([1])),
    ],
    [
      'a path to a field that holds something else',
      frame({ event: 'e', payload: { data: 'text' }, bytes: [[['data'], 1]] }, new Uint8Array([1])),
    ],
    [
      'a path through __proto__',
      frame({ event: 'e', payload: { data: null }, bytes: [[['__proto__', 'polluted'], 1]] }, new Uint8Array([1])),
    ],
    [
      'a path to an inherited member',
      frame({ event: 'e', payload: {}, bytes: [[['constructor'], 1]] }, new Uint8Array([1])),
    ],
    [
      'a path that is not a list',
      frame({ event: 'e', payload: { data: null }, bytes: [['data', 1]] }, new Uint8Array([1])),
    ],
    ['not bytes at all', { some: 'object' }],
  ])('ignores a malformed binary message: %s', (_name, data) => {
    expect(decodeServerMessage(data)).toBeNull();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('ignores text that is not JSON', () => {
    expect(decodeServerMessage('{not json')).toBeNull();
  });
});
