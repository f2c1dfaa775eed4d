import NotificationsIcon from '@mui/icons-material/Notifications';
import Badge from '@mui/material/Badge';
import Checkbox from '@mui/material/Checkbox';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useState } from 'react';
import type { NoticeCounts, NoticePreferences, NoticeSetting } from '../../contract';
import { usePam } from '../pam';
import { useNotify } from '../shell/Notifier';
import { countsText } from '../../contract/pure/noticeCounts';
import { noticeSettingLabels, noticeSettings, settingEnabled } from './noticeText';

/** The bell in the header: the counts the tray shows, and a switch per kind of notification (saved). */
export function NoticeMenu({ counts, browserMode }: { counts: NoticeCounts; browserMode: boolean }) {
  const pam = usePam();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [prefs, setPrefs] = useState<NoticePreferences | undefined>(undefined);
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'function' ? Notification.permission : 'denied',
  );

  useEffect(() => {
    if (!anchor) return;
    pam.prefs
      .get()
      .then((all) => setPrefs(all.notifications))
      .catch(() => undefined);
  }, [pam, anchor]);

  const toggle = (setting: NoticeSetting) => {
    const on = !settingEnabled(prefs, setting);
    setPrefs({ ...prefs, [setting]: on });
    pam.prefs
      .update({ notifications: { [setting]: on } })
      .then((all) => setPrefs(all.notifications))
      .catch(() => notify('The notification setting could not be saved. Try again.', 'error'));
  };

  const total = counts.waitingApproval + counts.readyToLaunch;
  const summary = countsText(counts);
  return (
    <>
      <Tooltip title={summary || 'Notifications'}>
        <IconButton
          // The badge's number is visible text, so the name starts with it (WCAG 2.5.3, label in name).
          aria-label={total > 0 ? `${total} notifications: ${summary}` : 'Notifications'}
          onClick={(e) => setAnchor(e.currentTarget)}
        >
          <Badge badgeContent={total > 0 ? total : undefined} color="warning" data-testid="notice-count">
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {/* A heading, not an item of the menu (a menu holds only menu items). */}
        <ListSubheader role="presentation">Notify me when</ListSubheader>
        {noticeSettings.map((setting) => (
          <MenuItem key={setting} onClick={() => toggle(setting)} dense>
            <ListItemIcon>
              <Checkbox
                edge="start"
                size="small"
                checked={settingEnabled(prefs, setting)}
                tabIndex={-1}
                slotProps={{ input: { 'aria-label': noticeSettingLabels[setting] } }}
              />
            </ListItemIcon>
            <ListItemText primary={noticeSettingLabels[setting]} />
          </MenuItem>
        ))}
        {browserMode && permission !== 'granted' && <Divider />}
        {browserMode && permission !== 'granted' && (
          <MenuItem
            disabled={permission === 'denied'}
            onClick={() => {
              void Notification.requestPermission().then(setPermission);
            }}
          >
            <ListItemText
              primary={
                permission === 'denied' ? 'This browser blocks notifications' : 'Show them as desktop notifications'
              }
              secondary={
                permission === 'denied' ? 'They show in the window instead.' : 'Until then they show in the window.'
              }
            />
          </MenuItem>
        )}
      </Menu>
    </>
  );
}
