/**
 * A small core for transport tests: the real router and EventHub over a handler table where only the
 * actions these tests need do something; the rest answer `not_available`.
 */
import { actionChannels } from '../../../contract';
import { PamError } from '../../../main/errors/pamError';
import { createRouter, EventHub, type Handlers } from '../../../main/router/router';
import type { Logger } from '../../../main/log/logger';

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

export function createFakeCore(overrides: Partial<Handlers> = {}, log: Logger = recordingLogger()) {
  const notAvailable = Object.fromEntries(
    actionChannels.map((channel) => [
      channel,
      async () => {
        throw new PamError('not_available', `${channel} is not part of this test core.`);
      },
    ]),
  ) as unknown as Handlers;
  const handlers: Handlers = {
    ...notAvailable,
    'app.info': async () => ({ name: 'PAM Desk', version: '0.0.0-test', transport: 'bridge', platform: 'linux' }),
    ...overrides,
  };
  const events = new EventHub();
  let disposed = 0;
  return {
    router: createRouter(handlers, log),
    events,
    async dispose() {
      disposed += 1;
    },
    get disposeCount() {
      return disposed;
    },
  };
}

/** A tiny built renderer: an index.html with a module script and a stylesheet, plus a file outside it. */
export async function writeTinyRenderer(root: string, appScript = "document.body.dataset.ready = 'yes';\n") {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(rendererDir, 'index.html'),
    [
      '<!doctype html>',
      '<html>',
      '  <head>',
      '    <meta charset="utf-8" />',
      '    <title>PAM Desk test page</title>',
      '    <script type="module" src="/assets/app.js"></script>',
      '    <link rel="stylesheet" href="/assets/app.css" />',
      '  </head>',
      '  <body></body>',
      '</html>',
    ].join('\n'),
  );
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), appScript);
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body { margin: 0; }\n');
  await writeFile(path.join(rendererDir, '.env'), 'SECRET=dotfile\n');
  await writeFile(path.join(root, 'secret.txt'), 'outside the renderer\n');
  return rendererDir;
}
