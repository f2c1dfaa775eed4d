import { describe, expect, it } from 'vitest';
import { cellKeyAction, CHECKBOX_FIELD, tableShortcut } from '../../../../renderer/dashboard/tableShortcuts';

const key = (name: string, mods: { ctrlKey?: boolean; metaKey?: boolean } = {}) => ({
  key: name,
  ctrlKey: mods.ctrlKey ?? false,
  metaKey: mods.metaKey ?? false,
});

describe('the table shortcuts', () => {
  it.each([
    [key('F5'), 'refresh'],
    [key('F5', { ctrlKey: true }), 'refresh'],
    [key('f', { ctrlKey: true }), 'find'],
    [key('F', { ctrlKey: true }), 'find'],
    [key('f', { metaKey: true }), 'find'],
    [key('f'), null],
    [key('r', { ctrlKey: true }), null],
    [key('Enter'), null],
  ])('%o → %s', (event, shortcut) => {
    expect(tableShortcut(event)).toBe(shortcut);
  });

  it.each([
    ['Enter', false, 'details', 'details'],
    ['Enter', false, 'host', null],
    [' ', false, 'host', 'toggle'],
    [' ', false, 'details', 'toggle'],
    [' ', true, 'host', null],
    [' ', false, CHECKBOX_FIELD, null],
    ['a', false, 'host', null],
  ])('%j (shift %s) on %s → %s', (name, shiftKey, field, action) => {
    expect(cellKeyAction({ key: name, shiftKey }, field, 'details')).toBe(action);
  });
});
