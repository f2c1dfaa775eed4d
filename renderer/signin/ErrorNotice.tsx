import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import type { UserFacingError } from '../common/errorMessages';

/** What went wrong, what to do, and the server's own words in small print. */
export function ErrorNotice({ problem }: { problem: UserFacingError }) {
  return (
    <Alert severity="error" role="alert" data-error-code={problem.code} sx={{ mb: 2 }}>
      <strong>{problem.title}.</strong> {problem.hint}
      {problem.detail && problem.detail !== problem.title && (
        <Typography variant="caption" component="div" sx={{ mt: 0.5, opacity: 0.85, wordBreak: 'break-word' }}>
          {problem.detail}
        </Typography>
      )}
    </Alert>
  );
}
