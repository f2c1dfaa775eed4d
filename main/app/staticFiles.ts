/**
 * Serves the built renderer from one folder: only files inside it, no directory listing, no dotfiles,
 * a fixed MIME table (unknown types are refused rather than sniffed).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(filePath: string): string | undefined {
  return mimeTypes[path.extname(filePath).toLowerCase()];
}

/**
 * Maps a request path to a file inside `root`, or `null` when the path is malformed, escapes the root,
 * names a dotfile, or has a type we do not serve. `/` maps to `index.html`.
 */
export function resolveStaticPath(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const absoluteRoot = path.resolve(root);
  const filePath = path.resolve(absoluteRoot, relative);
  if (!filePath.startsWith(absoluteRoot + path.sep)) return null;
  if (!mimeTypeOf(filePath)) return null;
  return filePath;
}

/** Reads a regular file that really lives under `root` (symlinks are followed, then checked), or `null`. */
export async function readStaticFile(root: string, filePath: string): Promise<Buffer | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(filePath)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    return await readFile(realFile);
  } catch {
    return null;
  }
}
