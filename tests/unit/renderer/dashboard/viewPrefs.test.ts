import { describe, expect, it } from 'vitest';
import { dashboardDefaultLayout } from '../../../../renderer/dashboard/sessionFields';
import { mergeLayout, viewKey } from '../../../../renderer/dashboard/useViewPrefs';

describe('remembered column layout', () => {
  it('is keyed by server, login and view', () => {
    expect(viewKey('https://pam:6500', 'alice', 'dashboard')).toBe('https://pam:6500|alice|dashboard');
  });

  it('uses the defaults when nothing is saved', () => {
    expect(mergeLayout(dashboardDefaultLayout, undefined)).toEqual({ layout: dashboardDefaultLayout, widths: {} });
  });

  it('keeps the saved order, visibility and widths, drops unknown fields and appends new ones', () => {
    const merged = mergeLayout(dashboardDefaultLayout, {
      columns: [
        { field: 'host', visible: true, width: 300 },
        { field: 'gone', visible: true },
        { field: 'status', visible: false },
      ],
    });
    expect(merged.layout.slice(0, 2)).toEqual([
      { field: 'host', visible: true },
      { field: 'status', visible: false },
    ]);
    expect(merged.layout.map((c) => c.field).sort()).toEqual(dashboardDefaultLayout.map((c) => c.field).sort());
    expect(merged.widths).toEqual({ host: 300 });
  });
});
