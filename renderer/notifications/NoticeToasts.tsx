import CloseIcon from '@mui/icons-material/Close';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import type { Notice } from '../../contract';

/**
 * Notices shown in the window where the browser may not show them (browser mode without the permission,
 * or an OS without notifications): the newest three, each with Open (and Extend for the 5-minute warning).
 */
export function NoticeToasts({
  notices,
  onOpen,
  onDismiss,
}: {
  notices: Notice[];
  onOpen(notice: Notice, action: 'open' | 'extend'): void;
  onDismiss(id: string): void;
}) {
  if (!notices.length) return null;
  return (
    <Stack
      spacing={1}
      sx={{ position: 'fixed', right: 16, bottom: 40, zIndex: (theme) => theme.zIndex.snackbar, width: 380 }}
      aria-label="Notifications"
      role="region"
    >
      {notices.map((notice) => (
        <Alert
          key={notice.id}
          severity={notice.kind === 'denied' || notice.kind === 'locked' ? 'warning' : 'info'}
          variant="filled"
          role="status"
          data-notice={notice.kind}
          action={
            <>
              {notice.actions.map((action) => (
                <Button
                  key={action.action}
                  color="inherit"
                  size="small"
                  onClick={() => {
                    onDismiss(notice.id);
                    onOpen(notice, action.action);
                  }}
                >
                  {action.label}
                </Button>
              ))}
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  onDismiss(notice.id);
                  onOpen(notice, 'open');
                }}
              >
                Open
              </Button>
              <IconButton color="inherit" size="small" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
                <CloseIcon fontSize="small" />
              </IconButton>
            </>
          }
        >
          <AlertTitle>{notice.title}</AlertTitle>
          {notice.body}
        </Alert>
      ))}
    </Stack>
  );
}
