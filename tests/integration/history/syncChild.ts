/**
 * The child process of the crash test: opens a history cache and syncs into it, printing each batch's ids
 * once `commit` resolved (stdout to a pipe is synchronous on Linux, so a line seen by the parent is a
 * committed batch). Its settings, the test key and the token arrive on stdin, never in argv or environment.
 */
import { openHistoryCache, type HistoryCache } from '../../../main/history/historyCache';
import { syncHistory } from '../../../main/history/historySync';
import { createNpsClient } from '../../../main/nps/npsClient';

interface ChildConfig {
  folder: string;
  keyHex: string;
  url: string;
  pin: string;
  token: string;
  pageSize: number;
}

async function readConfig(): Promise<ChildConfig> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return JSON.parse(text) as ChildConfig;
}

const config = await readConfig();
const cache = await openHistoryCache({
  folder: config.folder,
  key: Buffer.from(config.keyHex, 'hex'),
  waitForWriterMs: 5000,
});
if (cache.readOnly) throw new Error(`child opened read-only: ${cache.readOnlyReason}`);
const reporting: HistoryCache = {
  ...cache,
  state: cache.state,
  async commit(sessions, state) {
    const result = await cache.commit(sessions, state);
    process.stdout.write(`committed ${sessions.map((s) => s.id).join(',')}\n`);
    return result;
  },
};
process.stdout.write(`ready ${cache.size()}\n`);
const client = createNpsClient({ baseUrl: config.url, pin: config.pin, retries: 0 });
const result = await syncHistory({
  api: client.withToken(config.token),
  cache: reporting,
  scope: 'mine',
  pageSize: config.pageSize,
});
process.stdout.write(`done ${result.total} ${result.resumed}\n`);
await cache.close();
client.close();
