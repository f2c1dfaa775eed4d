import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import type { ColumnLayout } from './sessionFields';
import { sessionFields } from './sessionFields';

interface Props {
  layout: ColumnLayout[];
  onChange(layout: ColumnLayout[]): void;
  onReset(): void;
  onClose(): void;
}

function move(layout: ColumnLayout[], index: number, by: -1 | 1): ColumnLayout[] {
  const target = index + by;
  if (target < 0 || target >= layout.length) return layout;
  const next = layout.slice();
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** Show, hide and order columns; changes apply at once and are remembered for this user. */
export function ViewChooserDialog({ layout, onChange, onReset, onClose }: Props) {
  const visibleCount = layout.filter((column) => column.visible).length;
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="view-chooser-title">
      <DialogTitle id="view-chooser-title">Columns</DialogTitle>
      <DialogContent dividers sx={{ p: 0 }}>
        <DialogContentText sx={{ px: 2, py: 1 }} variant="body2">
          Choose the columns to show and their order. Your choice is remembered for this server and login.
        </DialogContentText>
        <List dense aria-label="Columns" disablePadding>
          {layout.map((column, index) => {
            const header = sessionFields[column.field]?.header ?? column.field;
            const lastVisible = column.visible && visibleCount === 1;
            return (
              <ListItem
                key={column.field}
                data-column={column.field}
                secondaryAction={
                  <>
                    <IconButton
                      aria-label={`Move ${header} up`}
                      disabled={index === 0}
                      onClick={() => onChange(move(layout, index, -1))}
                    >
                      <ArrowUpwardIcon fontSize="small" />
                    </IconButton>
                    <IconButton
                      aria-label={`Move ${header} down`}
                      disabled={index === layout.length - 1}
                      onClick={() => onChange(move(layout, index, 1))}
                    >
                      <ArrowDownwardIcon fontSize="small" />
                    </IconButton>
                  </>
                }
              >
                <ListItemIcon sx={{ minWidth: 36 }}>
                  <Checkbox
                    edge="start"
                    size="small"
                    checked={column.visible}
                    disabled={lastVisible}
                    slotProps={{ input: { 'aria-label': `Show ${header}` } }}
                    onChange={(event) =>
                      onChange(
                        layout.map((c) => (c.field === column.field ? { ...c, visible: event.target.checked } : c)),
                      )
                    }
                  />
                </ListItemIcon>
                <ListItemText primary={header} />
              </ListItem>
            );
          })}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={onReset}>Reset to default</Button>
        <Button variant="contained" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
