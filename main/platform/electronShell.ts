import { shell } from 'electron';
import type { Logger } from '../log/logger';
import { createExternalOpener, type ExternalOpener } from './externalOpener';

export function electronExternalOpener(log: Logger): ExternalOpener {
  return createExternalOpener((url) => shell.openExternal(url), log);
}
