import type { SessionRow } from '../../contract';
import { LockSessionsDialog } from '../admin/LockSessionsDialog';
import { formatDateTime } from '../common/formatDate';
import { ExtendSessionDialog } from '../requests/ExtendSessionDialog';
import { SessionLogsDialog } from '../sessionLogs/SessionLogsDialog';
import { useNotify } from '../shell/Notifier';
import { SessionDecisionDialog } from './DecideButtons';
import { EndSessionsDialog } from './EndSessionsDialog';
import { SessionDetailsPanel } from './SessionDetailsPanel';
import type { ColumnLayout } from './sessionFields';
import type { TableDialogState } from './useTableDialog';
import { ViewChooserDialog } from './ViewChooserDialog';

interface Props {
  dialogs: TableDialogState;
  find(id: string): SessionRow | undefined;
  serverUrl: string;
  /** Administrators and helpdesk staff may watch an open SSH connection live. */
  canWatch: boolean;
  /** Sessions were ended, or requests decided: the selection is spent. */
  onEnded(): void;
  view: { layout: ColumnLayout[]; setLayout(layout: ColumnLayout[]): void; reset(): void };
}

const sessions = (count: number) => `${count} ${count === 1 ? 'session' : 'sessions'}`;

/** The details panel and the one dialog open over the sessions table (see `TableDialog`). */
export function SessionsTableDialogs({ dialogs, find, serverUrl, canWatch, onEnded, view }: Props) {
  const notify = useNotify();
  const { dialog, detailsId, open, close } = dialogs;
  const details = detailsId ? (find(detailsId) ?? null) : null;
  return (
    <>
      <SessionDetailsPanel
        session={details}
        serverUrl={serverUrl}
        onClose={close}
        onViewLogs={(session) => open({ kind: 'logs', session, over: session.id })}
        onExtend={(session) => open({ kind: 'extending', session, over: session.id })}
        onDecide={(session, decision) => open({ kind: 'deciding', decision, sessions: [session], over: session.id })}
        canWatch={canWatch}
      />
      {dialog?.kind === 'deciding' && <SessionDecisionDialog target={dialog} onClose={close} onDecided={onEnded} />}
      {dialog?.kind === 'extending' && (
        <ExtendSessionDialog
          session={dialog.session}
          onClose={close}
          onExtended={(endAt) => {
            close();
            notify(`Extended. The session now ends at ${formatDateTime(endAt) || 'its new time'}.`);
          }}
        />
      )}
      {dialog?.kind === 'logs' && <SessionLogsDialog session={dialog.session} onClose={close} />}
      {dialog?.kind === 'ending' && (
        <EndSessionsDialog
          sessions={dialog.sessions}
          onClose={close}
          onEnded={(count) => {
            onEnded();
            notify(`Ending ${sessions(count)}. The status updates as the server works.`);
          }}
        />
      )}
      {dialog?.kind === 'locking' && (
        <LockSessionsDialog
          sessions={dialog.sessions}
          lock={dialog.lock}
          onClose={close}
          onDone={(count) => notify(`${dialog.lock ? 'Locked' : 'Unlocked'} ${sessions(count)}.`)}
        />
      )}
      {dialog?.kind === 'choosingView' && (
        <ViewChooserDialog layout={view.layout} onChange={view.setLayout} onReset={view.reset} onClose={close} />
      )}
    </>
  );
}
