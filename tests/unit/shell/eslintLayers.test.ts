/**
 * The layer rules in eslint.config.js, proven on small virtual files: each forbidden import is reported
 * in the folder where it is forbidden, and the same import passes where it is allowed.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: `${repoRoot}eslint.config.js` });
});

async function layerViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = 1;\n`, { filePath: `${repoRoot}${filePath}` });
  expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const importElectron = "import { app } from 'electron';\nvoid app;";

describe('electron is imported only by the shell', () => {
  it.each(['main/app/window.ts', 'main/ipc/x.ts', 'main/platform/clipboard.ts', 'preload/index.ts'])(
    'allowed in %s',
    async (file) => {
      expect(await layerViolations(file, importElectron)).toEqual([]);
    },
  );

  it.each([
    'main/index.ts',
    'main/core.ts',
    'main/sessions/sessionFeed.ts',
    'main/bridge/bridgeApp.ts',
    'preload/buildPamApi.ts',
    'preload/bridgePreload.ts',
    'renderer/main.tsx',
    'sandbox/index.ts',
    'contract/channels.ts',
  ])('forbidden in %s', async (file) => {
    const [message] = await layerViolations(file, importElectron);
    expect(message).toMatch(/'electron' import is restricted/);
  });

  it('also catches electron sub-paths and re-exports', async () => {
    expect(await layerViolations('main/nps/x.ts', "import 'electron/main';")).toHaveLength(1);
    expect(await layerViolations('renderer/x.ts', "export { ipcRenderer } from 'electron';")).toHaveLength(1);
  });
});

describe('the renderer is browser code that talks only to window.pam', () => {
  it.each([
    "import fs from 'node:fs';\nvoid fs;",
    "import fs from 'fs';\nvoid fs;",
    "import path from 'path';\nvoid path;",
    "import { spawn } from 'child_process';\nvoid spawn;",
    "import { createHash } from 'crypto';\nvoid createHash;",
    "import { buildCore } from '../main/core';\nvoid buildCore;",
    "import { PamError } from '../../main/errors/pamError';\nvoid PamError;",
    "import { startSandbox } from '../sandbox/index';\nvoid startSandbox;",
    "import { buildPamApi } from '../preload/buildPamApi';\nvoid buildPamApi;",
    "import { actions } from '../contract';\nvoid actions;",
    "import { SessionRow } from '../../contract/schemas';\nvoid SessionRow;",
  ])('forbids %s', async (code) => {
    expect(await layerViolations('renderer/dashboard/Dashboard.tsx', code)).toHaveLength(1);
  });

  it('allows the contract as types, and its own files', async () => {
    expect(
      await layerViolations(
        'renderer/dashboard/Dashboard.tsx',
        "import type { PamApi } from '../../contract';\nimport { usePam } from '../pam';\nexport type A = PamApi;\nvoid usePam;",
      ),
    ).toEqual([]);
  });
});

describe('contract/pure/: plain functions main and the renderer share', () => {
  it('the renderer may import them at run time', async () => {
    expect(
      await layerViolations(
        'renderer/dashboard/Dashboard.tsx',
        "import { approvalItemOf } from '../../contract/pure/approvalItem';\nvoid approvalItemOf;",
      ),
    ).toEqual([]);
  });

  it.each([
    "import { z } from 'zod';\nvoid z;",
    "import { SessionRow } from '../schemas';\nvoid SessionRow;",
    "import fs from 'node:fs';\nvoid fs;",
    "import { usePam } from '../../renderer/pam';\nvoid usePam;",
  ])('they stay zod-free and page-safe: forbids %s', async (code) => {
    expect((await layerViolations('contract/pure/x.ts', code)).length).toBeGreaterThan(0);
  });

  it('they take the rest of the contract as types, and each other', async () => {
    expect(
      await layerViolations(
        'contract/pure/x.ts',
        "import type { SessionRow } from '../schemas';\nimport { countsText } from './noticeCounts';\nexport type R = SessionRow;\nvoid countsText;",
      ),
    ).toEqual([]);
  });
});

describe('layers stay apart', () => {
  it('main never imports the renderer', async () => {
    expect(
      await layerViolations('main/sessions/x.ts', "import { usePam } from '../../renderer/pam';\nvoid usePam;"),
    ).toHaveLength(1);
    expect(
      await layerViolations('main/app/x.ts', "import { App } from '../../renderer/shell/App';\nvoid App;"),
    ).toHaveLength(1);
  });

  it.each([
    "import { buildCore } from '../main/core';\nvoid buildCore;",
    "import { usePam } from '../../renderer/pam';\nvoid usePam;",
    "import { buildPamApi } from '../preload/buildPamApi';\nvoid buildPamApi;",
  ])('the sandbox imports no app layer: %s', async (code) => {
    expect(await layerViolations('sandbox/http/server.ts', code)).toHaveLength(1);
  });

  it('the sandbox may use Node and its own files', async () => {
    expect(
      await layerViolations(
        'sandbox/http/server.ts',
        "import http from 'node:http';\nimport { x } from '../store/x';\nvoid http;\nvoid x;",
      ),
    ).toEqual([]);
  });

  it('the preload depends on the contract only', async () => {
    expect(
      await layerViolations('preload/index.ts', "import { buildCore } from '../main/core';\nvoid buildCore;"),
    ).toHaveLength(1);
    expect(
      await layerViolations('preload/index.ts', "import { IPC_PREFIX } from '../contract';\nvoid IPC_PREFIX;"),
    ).toEqual([]);
  });
});
