/** The sandbox bundled with the app, started in this process when the user tries it. */
import path from 'node:path';
import type { Logger } from '../log/logger';
import type { SandboxHandleLike } from './sandboxHost';

export async function startBundledSandbox(dataDir: string, log: Logger): Promise<SandboxHandleLike> {
  // Loaded on demand: an app pointed at a real server never pays for the sandbox.
  const { startSandbox } = await import('../../sandbox/index');
  return startSandbox({
    dataDir: path.join(dataDir, 'sandbox'),
    port: 0,
    // Into our log (redacted, tagged) rather than the sandbox's default stderr.
    log: (line) => log.info(line.startsWith('[') ? line : `[sandbox] ${line}`),
  });
}
