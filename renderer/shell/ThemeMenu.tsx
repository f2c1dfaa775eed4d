import BrightnessAutoIcon from '@mui/icons-material/BrightnessAuto';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { ThemeSetting } from '../../contract';
import { useColorMode } from './ColorModeProvider';

const choices: Array<{ setting: ThemeSetting; label: string; Icon: typeof LightModeIcon }> = [
  { setting: 'system', label: 'Same as the system', Icon: BrightnessAutoIcon },
  { setting: 'light', label: 'Light', Icon: LightModeIcon },
  { setting: 'dark', label: 'Dark', Icon: DarkModeIcon },
];

/** The header's appearance button: follow the OS, or always light or dark. */
export function ThemeMenu() {
  const { setting, choose } = useColorMode();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = choices.find((choice) => choice.setting === setting) ?? choices[0]!;
  return (
    <>
      <IconButton
        aria-label={`Appearance: ${current.label}`}
        title="Appearance"
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        color="inherit"
      >
        <current.Icon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {choices.map(({ setting: value, label, Icon }) => (
          <MenuItem
            key={value}
            selected={value === setting}
            onClick={() => {
              choose(value);
              setAnchor(null);
            }}
          >
            <ListItemIcon>
              <Icon fontSize="small" />
            </ListItemIcon>
            <ListItemText>{label}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
