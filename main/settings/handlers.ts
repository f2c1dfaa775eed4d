/** The `prefs.*` handlers: preferences are read whole and changed by a patch merged over what is saved. */
import type { ActionInput, Preferences } from '../../contract';
import type { Handlers } from '../router/router';
import type { SettingsStore } from './settingsStore';

export type PreferencesPatch = ActionInput<'prefs.update'>;

/**
 * `patch` over `current`: a field the patch leaves out keeps its value, a view is set by its key, and
 * notification choices are merged one by one. Optional fields stay absent until something sets them.
 */
export function mergePreferences(current: Preferences, patch: PreferencesPatch): Preferences {
  return {
    pollIntervalSeconds: patch.pollIntervalSeconds ?? current.pollIntervalSeconds,
    ...((patch.clipboardClearSeconds ?? current.clipboardClearSeconds) !== undefined
      ? { clipboardClearSeconds: patch.clipboardClearSeconds ?? current.clipboardClearSeconds }
      : {}),
    views: patch.view ? { ...current.views, [patch.view.key]: patch.view.pref } : current.views,
    ...((patch.keychainNotice ?? current.keychainNotice)
      ? { keychainNotice: patch.keychainNotice ?? current.keychainNotice }
      : {}),
    ...(patch.notifications || current.notifications
      ? { notifications: { ...current.notifications, ...patch.notifications } }
      : {}),
    ...((patch.theme ?? current.theme) ? { theme: patch.theme ?? current.theme } : {}),
    ...((patch.historyLogBudgetMb ?? current.historyLogBudgetMb) !== undefined
      ? { historyLogBudgetMb: patch.historyLogBudgetMb ?? current.historyLogBudgetMb }
      : {}),
  };
}

export interface SettingsHandlerDeps {
  settings: Pick<SettingsStore, 'preferences' | 'updatePreferences'>;
  /** After a change: the feed picks up a new poll interval. */
  afterChange(): void;
}

export function createSettingsHandlers(deps: SettingsHandlerDeps): Pick<Handlers, 'prefs.get' | 'prefs.update'> {
  return {
    'prefs.get': async () => deps.settings.preferences(),
    'prefs.update': async (patch) => {
      const next = deps.settings.updatePreferences((current) => mergePreferences(current, patch));
      deps.afterChange();
      return next;
    },
  };
}
