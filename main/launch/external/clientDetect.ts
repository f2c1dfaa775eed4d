/**
 * Which external clients exist on this machine: a PATH lookup (executable regular files only), per platform.
 * Only programs found are offered; the UI shows a hint when none is.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export type RdpClientId = 'xfreerdp' | 'wlfreerdp' | 'remmina' | 'mstsc' | 'macos-open';
export type TerminalId =
  'x-terminal-emulator' | 'gnome-terminal' | 'konsole' | 'xterm' | 'macos-terminal' | 'windows-terminal';

export interface DetectedClient<Id extends string> {
  id: Id;
  label: string;
  program: string;
}

export interface InstalledClients {
  rdp: DetectedClient<RdpClientId>[];
  terminals: DetectedClient<TerminalId>[];
  /** OpenSSH's ssh, which every terminal launch runs; null when missing. */
  ssh: string | null;
}

const RDP: Record<string, Array<[RdpClientId, string, string]>> = {
  linux: [
    ['xfreerdp', 'FreeRDP', 'xfreerdp'],
    ['wlfreerdp', 'FreeRDP (Wayland)', 'wlfreerdp'],
    ['remmina', 'Remmina', 'remmina'],
  ],
  darwin: [['macos-open', 'Windows App', 'open']],
  win32: [['mstsc', 'Remote Desktop Connection', 'mstsc.exe']],
};

const TERMINALS: Record<string, Array<[TerminalId, string, string]>> = {
  linux: [
    ['x-terminal-emulator', 'Default terminal', 'x-terminal-emulator'],
    ['gnome-terminal', 'GNOME Terminal', 'gnome-terminal'],
    ['konsole', 'Konsole', 'konsole'],
    ['xterm', 'xterm', 'xterm'],
  ],
  darwin: [['macos-terminal', 'Terminal', 'osascript']],
  win32: [['windows-terminal', 'Windows Terminal', 'wt.exe']],
};

/** The full path of `program` on `searchPath`, or null. */
export function findProgram(
  program: string,
  searchPath: string,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (!/^[A-Za-z0-9._-]+$/.test(program)) return null;
  const separator = platform === 'win32' ? ';' : ':';
  for (const dir of searchPath.split(separator)) {
    // An empty or relative PATH entry means the current folder: never searched.
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, program);
    try {
      if (!statSync(candidate).isFile()) continue;
      if (platform !== 'win32') accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function detectClients(
  searchPath = process.env['PATH'] ?? '',
  platform: NodeJS.Platform = process.platform,
): InstalledClients {
  const found = <Id extends string>(list: Array<[Id, string, string]> = []): DetectedClient<Id>[] =>
    list.flatMap(([id, label, program]) => {
      const at = findProgram(program, searchPath, platform);
      return at ? [{ id, label, program: at }] : [];
    });
  return {
    rdp: found(RDP[platform]),
    terminals: found(TERMINALS[platform]),
    ssh: findProgram(platform === 'win32' ? 'ssh.exe' : 'ssh', searchPath, platform),
  };
}
