/**
 * NSCodec decoding (`main/launch/rdp/nscDecoder.ts`) of a full 1280×800 frame, chroma subsampling on and off,
 * in this process: a desktop-like picture (flat background, a window of text-like noise, a gradient) encoded
 * by the test encoder at colour loss 3 (FreeRDP's default). Printed: the median, min and max of 20 decodes
 * once V8 has optimised the decoder and the allocator reuses freed output buffers (after 60 warm-up decodes),
 * and the median of the process's first 20 decodes (each new 4 MB output page-faults in). For information,
 * no target: at 32 frames/s a frame has 31 ms in all.
 * Run: npm run bench -- nsc
 */
import { performance } from 'node:perf_hooks';
import { decodeNsc } from '../../main/launch/rdp/nscDecoder';
import { encodeNsc } from '../unit/launch/rdp/nscEncoder';

const WIDTH = 1280;
const HEIGHT = 800;
const WARMUP = 60;
const SAMPLES = 20;

function desktop(): Uint8Array {
  const image = new Uint8Array(WIDTH * HEIGHT * 4);
  let seed = 7;
  for (let y = 0; y < HEIGHT; y += 1)
    for (let x = 0; x < WIDTH; x += 1) {
      let pixel = [40, 90, 140];
      if (y > 600) pixel = [(x * 255) / WIDTH, 128, (y - 600) / 1.5];
      else if (x > 200 && x < 900 && y > 100 && y < 500) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        pixel = seed % 7 === 0 ? [20, 20, 20] : [250, 250, 250];
      }
      image.set([...pixel.map(Math.floor), 255], (y * WIDTH + x) * 4);
    }
  return image;
}

const median = (times: number[]) => times.slice().sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

export default async function run(): Promise<void> {
  const image = desktop();
  for (const subsampling of [false, true]) {
    const stream = encodeNsc(image, WIDTH, HEIGHT, { subsampling, colorLossLevel: 3 });
    const times: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
      const started = performance.now();
      const out = decodeNsc(stream, WIDTH, HEIGHT);
      times.push(performance.now() - started);
      if (!out) throw new Error('the frame did not decode');
    }
    const steady = times.slice(WARMUP).sort((a, b) => a - b);
    process.stdout.write(
      `   ${WIDTH}×${HEIGHT}, subsampling ${subsampling ? 'on ' : 'off'} (${stream.length} bytes): ` +
        `median ${median(steady).toFixed(2)} ms (min ${steady[0]!.toFixed(2)}, max ${steady.at(-1)!.toFixed(2)}); ` +
        `first ${SAMPLES} decodes: median ${median(times.slice(0, SAMPLES)).toFixed(2)} ms\n`,
    );
  }
  await Promise.resolve();
}
