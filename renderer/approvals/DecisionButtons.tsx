import BlockIcon from '@mui/icons-material/Block';
import CheckIcon from '@mui/icons-material/Check';
import Button from '@mui/material/Button';
import type { Decision } from '../../contract';

/** Approve and Deny side by side: the Approvals dashboard's toolbar and a waiting request's details panel. */
export function DecisionButtons({
  onDecide,
  disabled = false,
  approveVariant = 'outlined',
}: {
  onDecide(decision: Decision): void;
  disabled?: boolean;
  /** 'contained' where approving is the one thing the panel asks for. */
  approveVariant?: 'outlined' | 'contained';
}) {
  return (
    <>
      <Button
        variant={approveVariant}
        color="success"
        startIcon={<CheckIcon />}
        disabled={disabled}
        onClick={() => onDecide('approve')}
      >
        Approve
      </Button>
      <Button
        variant="outlined"
        color="error"
        startIcon={<BlockIcon />}
        disabled={disabled}
        onClick={() => onDecide('deny')}
      >
        Deny
      </Button>
    </>
  );
}
