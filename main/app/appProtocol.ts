/**
 * Serves the built renderer over `app://pam-desk/…` with our security headers. The response logic is a
 * plain function of (folder, request) so it is tested in Node; Electron only routes requests to it.
 */
import path from 'node:path';
import { pageSecurityHeaders } from './contentSecurityPolicy';
import { APP_HOST } from './appOrigin';
import { mimeTypeOf, readStaticFile, resolveStaticPath } from './staticFiles';

export async function appProtocolResponse(
  rendererDir: string,
  request: { url: string; method: string },
): Promise<Response> {
  const notFound = () =>
    new Response('Not found', {
      status: 404,
      headers: { ...pageSecurityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return notFound();
  }
  if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
  const filePath = resolveStaticPath(rendererDir, url.pathname);
  // Source maps are never served to the app's page, even if a build left one in the folder.
  if (filePath && path.extname(filePath).toLowerCase() === '.map') return notFound();
  const body = filePath ? await readStaticFile(rendererDir, filePath) : null;
  if (!filePath || !body) return notFound();
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...pageSecurityHeaders, 'Content-Type': mimeTypeOf(filePath) ?? 'application/octet-stream' },
  });
}
