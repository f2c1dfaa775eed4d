/**
 * The history details offline: whether the session's log was cached is said plainly, a log not cached
 * cannot be downloaded and its window says why, and a cached one opens marked "Cached — as of" with no
 * Recordings tab (recordings come from the server only).
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { HistoryLog, HistoryRow } from '../../../../contract';
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

function answer(fake: FakePam, cached: boolean, log: HistoryLog): void {
  const history = fake.api.history as unknown as Record<string, unknown>;
  history['logInfo'] = async ({ id }: { id: string }) => ({ ok: true, value: { id, cached } });
  history['log'] = async () => ({ ok: true, value: log });
}

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
    expect(within(dialog).queryByRole('tab', { name: 'Recordings' })).toBeNull();
    expect((within(dialog).getByRole('button', { name: 'Download log' }) as HTMLButtonElement).disabled).toBe(true);
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
