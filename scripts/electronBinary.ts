/**
 * Obtains Electron's binary the way Electron 45 itself does, bounded in time.
 *
 * Electron 45 has no install script: `require('electron')` downloads the binary lazily by running its
 * `install-electron` bin (node_modules/electron/install.js, which uses @electron/get: cache first, then the
 * download, checksums from the package, unzip, `path.txt`). `electron-vite preview` only reads `path.txt`,
 * so on a fresh machine it fails with "Electron uninstall". Here the zip is first fetched into Electron's
 * own cache with @electron/get in-process (so a stalled or unroutable download can be abandoned and its
 * cause told), then `install-electron` unpacks it from that cache as it always does.
 */
import { spawn } from 'node:child_process';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Give up when nothing arrives for this long (connecting included). */
export const DEFAULT_STALL_MS = 30_000;

export type ElectronBinary = { ok: true; executable: string } | { ok: false; reason: string };

interface ElectronPackage {
  dir: string;
  version: string;
  /** The executable inside dist/, as install.js writes it into path.txt. */
  platformPath: string;
}

interface Progress {
  transferred: number;
  total: number | null;
}

/** The part of @electron/get's API used here (it ships its own types, but is not our direct dependency). */
interface ElectronGet {
  downloadArtifact(details: {
    version: string;
    artifactName: 'electron';
    platform: string;
    arch: string;
    force?: boolean;
    cacheRoot?: string;
    checksums?: Record<string, string>;
    downloadOptions?: { quiet?: boolean; signal?: AbortSignal; getProgressCallback?: (p: Progress) => void };
  }): Promise<string>;
}

const requireHere = createRequire(import.meta.url);

export function electronPackage(): ElectronPackage {
  const packageJson = requireHere.resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { dir: path.dirname(packageJson), version, platformPath: platformPathOf(installPlatform()) };
}

/** The same test as install.js's `isInstalled`: right version, right path.txt, the executable exists. */
export function installedExecutable(electron: ElectronPackage = electronPackage()): string | null {
  try {
    const distVersion = readFileSync(path.join(electron.dir, 'dist', 'version'), 'utf8').replace(/^v/, '');
    const pathTxt = readFileSync(path.join(electron.dir, 'path.txt'), 'utf8');
    if (distVersion !== electron.version || pathTxt !== electron.platformPath) return null;
  } catch {
    return null;
  }
  const executable = path.join(electron.dir, 'dist', electron.platformPath);
  return existsSync(executable) ? executable : null;
}

export interface ObtainOptions {
  stallMs?: number;
  /** Cancels the attempt (Ctrl+C while downloading). */
  signal?: AbortSignal;
  /** Called once when a download really starts (not for an installed binary, nor when skipped). */
  onDownload?: (version: string) => void;
  /** One line of progress at a time, for the terminal. */
  onProgress?: (line: string) => void;
}

/**
 * Resolves with the executable when Electron's binary is installed or could be installed now; otherwise
 * with the reason, worded to follow "Electron's binary could not be downloaded (…)". Never rejects.
 */
export async function obtainElectronBinary(options: ObtainOptions = {}): Promise<ElectronBinary> {
  const env = process.env;
  const electron = electronPackage();
  const ready = installedExecutable(electron);
  if (ready) return { ok: true, executable: ready };
  if (isSet(env['ELECTRON_SKIP_BINARY_DOWNLOAD'])) {
    return { ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried' };
  }

  options.onDownload?.(electron.version);
  try {
    await downloadIntoCache(electron, options, env);
  } catch (error) {
    return { ok: false, reason: describeDownloadFailure(error, options.stallMs ?? DEFAULT_STALL_MS) };
  }
  const unpacked = await runInstallElectron(electron, options.signal);
  if (!unpacked.ok) return unpacked;
  const executable = installedExecutable(electron);
  return executable
    ? { ok: true, executable }
    : { ok: false, reason: 'install-electron finished but left no executable behind' };
}

async function downloadIntoCache(electron: ElectronPackage, options: ObtainOptions, env: NodeJS.ProcessEnv) {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const electronGetPath = createRequire(path.join(electron.dir, 'package.json')).resolve('@electron/get');
  const { downloadArtifact } = (await import(pathToFileURL(electronGetPath).href)) as ElectronGet;

  const stalled = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stalled.signal]) : stalled.signal;
  let watchdog = setTimeout(() => stalled.abort(new StalledError()), stallMs);
  let reported = -1;
  const onProgress = ({ transferred, total }: Progress) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => stalled.abort(new StalledError()), stallMs);
    const step = total ? Math.floor((transferred / total) * 10) : Math.floor(transferred / 20e6);
    if (step === reported) return;
    reported = step;
    const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
    options.onProgress?.(total ? `${mb(transferred)} of ${mb(total)}` : mb(transferred));
  };
  try {
    // The same details as install.js, so it finds the zip in the cache and only unpacks it.
    await downloadArtifact({
      version: electron.version,
      artifactName: 'electron',
      force: env['force_no_cache'] === 'true',
      cacheRoot: env['electron_config_cache'],
      checksums:
        env['electron_use_remote_checksums'] || env['npm_config_electron_use_remote_checksums']
          ? undefined
          : (requireHere(path.join(electron.dir, 'checksums.json')) as Record<string, string>),
      platform: installPlatform(env),
      arch: installArch(env),
      downloadOptions: { quiet: true, signal, getProgressCallback: onProgress },
    });
  } catch (error) {
    // fetch rejects with the signal's reason only sometimes; the watchdog's verdict wins.
    throw stalled.signal.aborted ? stalled.signal.reason : error;
  } finally {
    clearTimeout(watchdog);
  }
}

function runInstallElectron(electron: ElectronPackage, signal: AbortSignal | undefined): Promise<ElectronBinary> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electron.dir, 'install.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, reason: `install-electron failed: ${error.message}` }));
    child.on('close', (code) => {
      if (code === 0) return resolve({ ok: true, executable: '' });
      const firstLine = stderr.trim().split('\n')[0] ?? '';
      resolve({ ok: false, reason: `it could not be unpacked${firstLine ? `: ${firstLine}` : ''}` });
    });
  });
}

class StalledError extends Error {
  constructor() {
    super('the download made no progress');
    this.name = 'StalledError';
  }
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Words for why the download failed, from what @electron/get and fetch reject with. */
export function describeDownloadFailure(error: unknown, stallMs: number): string {
  if (error instanceof StalledError) return `nothing arrived from its download server for ${stallMs / 1000} s`;
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'AbortError') return 'the download was cancelled';
  if (error.name === 'HTTPError') return `its download server answered ${error.message.replace(/^Response code /, '')}`;
  if (/checksum/i.test(error.message)) return "the downloaded file did not match Electron's published checksum";
  const cause = (error as Error & { cause?: unknown }).cause as
    (Error & { code?: string; hostname?: string; address?: string }) | undefined;
  const code = cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `no route to its download: ${cause?.hostname ?? 'the download host'} cannot be resolved here`;
  }
  if (code && unreachableCodes.has(code)) {
    return `no route to its download: ${cause?.hostname ?? cause?.address ?? 'its server'} cannot be reached (${code})`;
  }
  return cause?.message ? `${error.message}: ${cause.message}` : error.message;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function installPlatform(env: NodeJS.ProcessEnv = process.env): string {
  return env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || process.platform;
}

function installArch(env: NodeJS.ProcessEnv): string {
  const arch = env['ELECTRON_INSTALL_ARCH'] || env['npm_config_arch'] || process.arch;
  // As install.js: x64 Node under Rosetta on an Apple silicon Mac gets the arm64 build.
  if (installPlatform(env) === 'darwin' && process.platform === 'darwin' && arch === 'x64' && !env['npm_config_arch']) {
    try {
      if (execSync('sysctl -in sysctl.proc_translated').toString().trim() === '1') return 'arm64';
    } catch {
      // not under Rosetta
    }
  }
  return arch;
}

function platformPathOf(platform: string): string {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}
