/**
 * The history details offline: whether the session's log was cached is said plainly, a log not cached
 * cannot be downloaded and its window says why, and a cached one opens marked "Cached — as of". The
 * Recordings tab lists the cached recordings (marked cached, replayed marked "Cached — as of"), and says
 * plainly when none, or the chosen one, was cached.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { HistoryLog, HistoryRecording, HistoryRecordingList, HistoryRow } from '../../../../contract';
import { HistoryDetailsDrawer } from '../../../../renderer/history/HistoryDetailsDrawer';
import { createFakePam, type FakePam } from '../../../fakes/fakePam';
import { renderWithPam } from '../../support/renderWithPam';

const [base] = createFakePam({ extraSessions: 0 }).rows();
const session: HistoryRow = { ...base!, type: 'SSH', durationSeconds: 600 };

/** The drawer opens on a click, after the test has set what the fake answers. */
function Harness() {
  const [shown, setShown] = useState<HistoryRow | null>(null);
  return (
    <>
      <button onClick={() => setShown(session)}>Show details</button>
      <HistoryDetailsDrawer session={shown} offline onClose={() => setShown(null)} />
    </>
  );
}

function answer(
  fake: FakePam,
  cached: boolean,
  log: HistoryLog,
  recordings: HistoryRecordingList = {
    sessionId: session.id,
    source: 'none',
    recordings: [],
    note: 'No recording of this session was cached on this computer before going offline.',
  },
  recording: (proxySessionId: string) => HistoryRecording = () => ({
    source: 'none',
    fetchedAt: null,
    recording: null,
    note: 'This recording was not cached on this computer.',
  }),
): void {
  const history = fake.api.history as unknown as Record<string, unknown>;
  history['logInfo'] = async ({ id }: { id: string }) => ({ ok: true, value: { id, cached } });
  history['log'] = async () => ({ ok: true, value: log });
  history['recordings'] = async () => ({ ok: true, value: recordings });
  history['recording'] = async ({ proxySessionId }: { proxySessionId: string }) => ({
    ok: true,
    value: recording(proxySessionId),
  });
}

const CACHED = 'a0000000-0000-4000-8000-00000000000a';
const NOT_CACHED = 'b0000000-0000-4000-8000-00000000000b';
const summary = (proxySessionId: string, startedAt: string) => ({
  proxySessionId,
  type: 'ssh',
  startedAt,
  endedAt: startedAt,
  active: false,
  commands: [{ t: 1200, line: 'uname -a' }],
});

describe('history details offline', () => {
  it('says a log was not cached, offers no download, and the log window says why', async () => {
    const view = renderWithPam(<Harness />);
    const note = 'This session’s log was not cached on this computer before going offline.';
    answer(view.fake, false, { id: session.id, source: 'none', fetchedAt: null, lines: [], note });
    await userEvent.click(screen.getByRole('button', { name: 'Show details' }));
    const drawer = await screen.findByRole('region', { name: 'Session details' });
    expect((await within(drawer).findByTestId('history-log-availability')).textContent).toMatch(
      /was not cached before going offline: it cannot be read until the server is back/,
    );
    expect((within(drawer).getByRole('button', { name: 'Download log' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(within(drawer).getByRole('button', { name: 'Session log' }));
    const dialog = await screen.findByRole('dialog', { name: /Session Logs/ });
    expect(await within(dialog).findByText(note)).toBeTruthy();
    expect(within(dialog).getByText(/0 lines · not cached/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Download log' }) as HTMLButtonElement).disabled).toBe(true);
    // Recordings: none was cached, said plainly.
    await userEvent.click(within(dialog).getByRole('tab', { name: 'Recordings' }));
    expect((await within(dialog).findByTestId('recordings-note')).textContent).toBe(
      'No recording of this session was cached on this computer before going offline.',
    );
  });

  it('replays a cached recording marked cached; a connection not cached says so', async () => {
    const view = renderWithPam(<Harness />);
    const output = btoa('$ uname -a\r\nLinux lnx-web-01\r\n');
    answer(
      view.fake,
      true,
      { id: session.id, source: 'cache', fetchedAt: '2026-11-30T10:00:00.000Z', lines: [], note: null },
      {
        sessionId: session.id,
        source: 'cache',
        recordings: [
          { ...summary(CACHED, '2026-11-30T09:05:00.000Z'), cached: true },
          // Listed as cached, then evicted before it was opened.
          { ...summary(NOT_CACHED, '2026-11-30T09:00:00.000Z'), cached: true },
        ],
        note: null,
      },
      (proxySessionId) =>
        proxySessionId === CACHED
          ? {
              source: 'cache',
              fetchedAt: '2026-11-30T10:00:00.000Z',
              note: null,
              recording: {
                proxySessionId,
                cols: 80,
                rows: 24,
                durationMs: 2000,
                truncated: false,
                output: [{ t: 1200, data: output }],
                resizes: [],
                commands: [{ t: 1200, line: 'uname -a' }],
              },
            }
          : {
              source: 'none',
              fetchedAt: null,
              recording: null,
              note: 'This recording was not cached on this computer.',
            },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Show details' }));
    const drawer = await screen.findByRole('region', { name: 'Session details' });
    await userEvent.click(within(drawer).getByRole('button', { name: 'Session log' }));
    const dialog = await screen.findByRole('dialog', { name: /Session Logs/ });
    await userEvent.click(within(dialog).getByRole('tab', { name: 'Recordings' }));
    // The latest connection first, marked cached, replayed from the cache with its date.
    const player = await within(dialog).findByRole('region', { name: 'Recording player' });
    expect((await within(player).findByTestId('recording-cached')).textContent).toMatch(/^Cached — as of /);
    expect(within(player).getByText('uname -a')).toBeTruthy();
    expect(within(dialog).getByRole('combobox', { name: 'Recorded connection' }).textContent).toMatch(/· cached$/);
    // The other one: not cached, said plainly, no player.
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Recorded connection' }));
    const options = await screen.findAllByRole('option');
    expect(options).toHaveLength(2);
    await userEvent.click(options[1]!);
    expect((await within(dialog).findByTestId('recording-not-cached')).textContent).toBe(
      'This recording was not cached on this computer.',
    );
    expect(within(dialog).queryByRole('region', { name: 'Recording player' })).toBeNull();
  });

  it('opens a cached log marked with when it was fetched', async () => {
    const view = renderWithPam(<Harness />);
    answer(view.fake, true, {
      id: session.id,
      source: 'cache',
      fetchedAt: '2026-11-30T10:00:00.000Z',
      lines: [
        { lineNumber: 1, timestamp: '2026-11-30T09:00:00.000Z', status: 'Information', message: 'Session started' },
        { lineNumber: 2, timestamp: '2026-11-30T09:10:00.000Z', status: 'Information', message: 'Session completed' },
      ],
      note: null,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Show details' }));
    const drawer = await screen.findByRole('region', { name: 'Session details' });
    expect((await within(drawer).findByTestId('history-log-availability')).textContent).toMatch(
      /cached on this computer: it opens offline/,
    );
    expect((within(drawer).getByRole('button', { name: 'Download log' }) as HTMLButtonElement).disabled).toBe(false);

    await userEvent.click(within(drawer).getByRole('button', { name: 'Session log' }));
    const dialog = await screen.findByRole('dialog', { name: /Session Logs/ });
    expect((await within(dialog).findByTestId('history-log-cached')).textContent).toMatch(/^Cached — as of /);
    expect(within(dialog).getAllByRole('row')).toHaveLength(3);
    expect((within(dialog).getByRole('button', { name: 'Download log' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
