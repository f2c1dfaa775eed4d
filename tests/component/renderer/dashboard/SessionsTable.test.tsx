/**
 * The sessions table as a user meets it, rendered in jsdom on the in-memory `window.pam`: selecting, the
 * toolbar's End, the search, dialogs and shortcuts. (The real page in Chromium: tests/e2e/dashboard.test.ts.)
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SessionRow, SessionUiStatus } from '../../../../contract';
import { allSessionsDefaultLayout, dashboardDefaultLayout } from '../../../../renderer/dashboard/sessionFields';
import { SessionsTable } from '../../../../renderer/dashboard/SessionsTable';
import type { FakePam } from '../../../fakes/fakePam';
import { renderWithPam } from '../../support/renderWithPam';

function renderDashboard() {
  const rendered = renderWithPam(
    <SessionsTable
      scope="mine"
      title="Active Sessions"
      serverUrl="https://127.0.0.1:6500"
      prefsKey="https://127.0.0.1:6500|alice|dashboard"
      defaultLayout={dashboardDefaultLayout}
      admin={false}
      emptyTitle="No active sessions"
      emptyHint="Request one with Create Session."
    />,
  );
  return { ...rendered, user: userEvent.setup({ delay: null }) };
}

const aliceRow = (fake: FakePam, status: SessionUiStatus): SessionRow => {
  const row = fake.rows().find((candidate) => candidate.user === 'alice' && candidate.status === status);
  if (!row) throw new Error(`the fake has no ${status} session of alice`);
  return row;
};

/** The grid's row of this session (the grid marks each row with its id). */
function gridRow(id: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`.MuiDataGrid-row[data-id="${id}"]`);
  if (!row) throw new Error(`no row ${id} on the page`);
  return row;
}

const shownIds = () =>
  [...document.querySelectorAll<HTMLElement>('.MuiDataGrid-row')].map((row) => row.dataset.id ?? '');

async function loaded(fake: FakePam) {
  const mine = fake.rows().filter((row) => row.user === 'alice').length;
  expect(await screen.findByText(`${mine} sessions`)).toBeTruthy();
  return mine;
}

describe('SessionsTable', () => {
  it('End offers only the selected sessions that can end, and says why when none can', async () => {
    const { fake, user } = renderDashboard();
    await loaded(fake);
    const available = aliceRow(fake, 'available');
    const complete = aliceRow(fake, 'complete');
    // Looked up each time: the button moves into a wrapper that names why when it is off.
    const end = () => screen.getByRole('button', { name: 'End Session' });
    expect(end()).toHaveProperty('disabled', true);

    await user.click(within(gridRow(complete.id)).getByRole('checkbox'));
    expect(end()).toHaveProperty('disabled', true);
    const why = end().closest('[data-refusal]');
    expect(why?.getAttribute('data-refusal')).toMatch(/ended/i);

    await user.click(within(gridRow(available.id)).getByRole('checkbox'));
    expect(end()).toHaveProperty('disabled', false);
    await user.click(end());
    const dialog = await screen.findByRole('dialog', { name: 'End 1 session?' });
    const listed = within(dialog).getByRole('list', { name: 'Sessions to end' });
    expect(listed.textContent).toContain(available.host);
    expect(within(listed).getAllByRole('listitem')).toHaveLength(1);

    await user.click(within(dialog).getByRole('button', { name: 'End 1 session' }));
    expect(await screen.findByText(/Ending 1 session\./)).toBeTruthy();
    // The selection is spent: nothing stays selected for a second End.
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'End 1 session?' })).toBeNull());
    expect(end()).toHaveProperty('disabled', true);
    expect(fake.rows().find((row) => row.id === available.id)?.status).toBe('canceling');
  });

  it('the search narrows the rows and the count, and drops hidden rows from the selection', async () => {
    const { fake, user } = renderDashboard();
    const mine = await loaded(fake);
    const host = 'db-prod-02.corp.example';
    const matching = fake.rows().filter((row) => row.user === 'alice' && row.host === host);
    const other = fake.rows().find((row) => row.user === 'alice' && row.host !== host)!;
    await user.click(within(gridRow(other.id)).getByRole('checkbox'));
    expect(screen.getByRole('button', { name: 'End Session' }).closest('[data-refusal]')).toBeNull();

    await user.type(screen.getByRole('searchbox', { name: /search/i }), 'db-prod');
    expect(await screen.findByText(`${matching.length} of ${mine} sessions`)).toBeTruthy();
    expect(shownIds().sort()).toEqual(matching.map((row) => row.id).sort());

    await user.clear(screen.getByRole('searchbox', { name: /search/i }));
    expect(await screen.findByText(`${mine} sessions`)).toBeTruthy();
    expect(within(gridRow(other.id)).getByRole('checkbox')).toHaveProperty('checked', false);
  });

  it('opens the details panel from a row, the logs over it, and closes back to the table', async () => {
    const { fake, user } = renderDashboard();
    await loaded(fake);
    const available = aliceRow(fake, 'available');
    await user.click(within(gridRow(available.id)).getByRole('button', { name: /Show details/ }));
    const details = await screen.findByRole('region', { name: 'Session details' });
    expect(details.textContent).toContain(available.host);

    await user.click(within(details).getByRole('button', { name: 'View Logs' }));
    const logs = await screen.findByRole('dialog', { name: /logs/i });
    expect(await within(logs).findByText(/Session is available/)).toBeTruthy();
    await user.click(within(logs).getByRole('button', { name: 'Close session logs' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /logs/i })).toBeNull());
    // Closing the logs goes back to the details they were opened from.
    expect(screen.getByRole('region', { name: 'Session details' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Session details' })).toBeNull());
  });

  it('F5 refreshes and Ctrl+F finds, but not while a dialog is open', async () => {
    const { fake, user } = renderDashboard();
    await loaded(fake);
    const refresh = vi.spyOn(fake.api.sessions, 'refresh');
    await user.keyboard('{F5}');
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    await user.keyboard('{Control>}f{/Control}');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: /search/i }));

    await user.click(screen.getByRole('button', { name: 'View' }));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    await user.keyboard('{F5}');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('a refresh the server refuses is said in a notice, and the button is usable again', async () => {
    const { fake, user } = renderDashboard();
    await loaded(fake);
    fake.failNext('sessions.refresh', 'unreachable', 'connect ECONNREFUSED');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).not.toContain('ECONNREFUSED');
    expect(notice.textContent?.length).toBeGreaterThan(10);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Refresh' })).toHaveProperty('disabled', false));
  });

  it('an administrator locks only what can be locked, from the whole list', async () => {
    const rendered = renderWithPam(
      <SessionsTable
        scope="all"
        title="All Sessions"
        serverUrl="https://127.0.0.1:6500"
        prefsKey="https://127.0.0.1:6500|adam|sessions"
        defaultLayout={allSessionsDefaultLayout}
        admin
        viewer={{ login: 'adam', displayName: 'Adam Admin', roles: ['admin'], isAdmin: true }}
        emptyTitle="No sessions"
        emptyHint="None."
      />,
      { signedInAs: 'adam', extraSessions: 6 },
    );
    const user = userEvent.setup({ delay: null });
    const total = rendered.fake.rows().length;
    expect(await screen.findByText(`${total} sessions`)).toBeTruthy();
    const available = aliceRow(rendered.fake, 'available');
    await user.click(within(gridRow(available.id)).getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain(available.host);
    await user.click(within(dialog).getByRole('button', { name: /^Lock/ }));
    expect(await screen.findByText('Locked 1 session.')).toBeTruthy();
  });
});
