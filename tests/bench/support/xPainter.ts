/**
 * A tiny X11 client (the core protocol over the display's Unix socket, no library) that paints straight on
 * an Xvfb display's root window, for the RDP benchmark: `animate()` fills the whole screen with a new colour
 * every frame; `answerKeys()` repaints a square at the top left each time a key is pressed (the remote side
 * of the input → frame latency); `pixel()` reads one pixel back (to count the frames another RDP client,
 * xfreerdp, shows on its own display). Xvfb started without `-auth` accepts local clients without a cookie.
 */
import net from 'node:net';

export interface XPainter {
  width: number;
  height: number;
  fill(colour: number, x?: number, y?: number, width?: number, height?: number): void;
  /** Calls `onKey` for every key press on the root window (keys go there while no window is under the pointer). */
  onKey(listener: () => void): void;
  /** The colour (0xRRGGBB) of the pixel at (x, y) of the root window; -1 when the X server refused. */
  pixel(x: number, y: number): Promise<number>;
  close(): void;
}

export async function connectXPainter(display: string): Promise<XPainter> {
  const socket = net.connect(`/tmp/.X11-unix/X${display.replace(/^:/, '').split('.')[0]}`);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const setup = Buffer.alloc(12);
  setup[0] = 0x6c; // 'l': little-endian
  setup.writeUInt16LE(11, 2);
  socket.write(setup);
  let buffer = Buffer.alloc(0);
  const reply = await new Promise<Buffer>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 8) return;
      const length = 8 + buffer.readUInt16LE(6) * 4;
      if (buffer.length < length) return;
      socket.off('data', onData);
      if (buffer[0] !== 1) reject(new Error(`the X server refused the connection (${buffer[0]})`));
      else resolve(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
    };
    socket.on('data', onData);
  });
  const idBase = reply.readUInt32LE(12);
  const vendorLength = reply.readUInt16LE(24);
  const formats = reply[29]!;
  const screen = 8 + 32 + ((vendorLength + 3) & ~3) + 8 * formats;
  const root = reply.readUInt32LE(screen);
  const width = reply.readUInt16LE(screen + 20);
  const height = reply.readUInt16LE(screen + 22);
  const gc = idBase | 1;

  const request = (opcode: number, body: Buffer, data = 0) => {
    const head = Buffer.alloc(4);
    head[0] = opcode;
    head[1] = data;
    head.writeUInt16LE((4 + body.length) / 4, 2);
    socket.write(Buffer.concat([head, body]));
  };
  const words = (...values: number[]) => {
    const body = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => body.writeUInt32LE(v >>> 0, i * 4));
    return body;
  };
  request(55, words(gc, root, 0x4, 0)); // CreateGC, foreground
  request(2, words(root, 0x800, 0x1)); // ChangeWindowAttributes: event-mask KeyPress

  const listeners: Array<() => void> = [];
  // Only GetImage asks for a reply: replies and errors answer them in order.
  const replies: Array<(pixel: number) => void> = [];
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 32) {
      const code = buffer[0]! & 0x7f;
      const length = code === 1 ? 32 + buffer.readUInt32LE(4) * 4 : 32;
      if (buffer.length < length) return;
      if (code === 2) listeners.forEach((listener) => listener());
      else if (code === 1) replies.shift()?.(length >= 36 ? buffer.readUInt32LE(32) & 0xffffff : -1);
      else if (code === 0) replies.shift()?.(-1);
      buffer = buffer.subarray(length);
    }
  });
  socket.on('error', () => undefined);

  return {
    width,
    height,
    fill(colour, x = 0, y = 0, w = width, h = height) {
      request(56, words(gc, 0x4, colour)); // ChangeGC foreground
      const rect = Buffer.alloc(8);
      rect.writeInt16LE(x, 0);
      rect.writeInt16LE(y, 2);
      rect.writeUInt16LE(w, 4);
      rect.writeUInt16LE(h, 6);
      request(70, Buffer.concat([words(root, gc), rect])); // PolyFillRectangle
    },
    onKey(listener) {
      listeners.push(listener);
    },
    pixel(x, y) {
      return new Promise((resolve) => {
        replies.push(resolve);
        const area = Buffer.alloc(8);
        area.writeInt16LE(x, 0);
        area.writeInt16LE(y, 2);
        area.writeUInt16LE(1, 4);
        area.writeUInt16LE(1, 6);
        request(73, Buffer.concat([words(root), area, words(0xffffffff)]), 2); // GetImage, ZPixmap
      });
    },
    close() {
      socket.destroy();
    },
  };
}
