import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/** A rendering bug shows a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('[renderer] view crashed', error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Box sx={{ p: 4, maxWidth: 640, mx: 'auto' }}>
        <Alert
          severity="error"
          action={
            <Button color="inherit" onClick={() => this.setState({ failed: false })}>
              Try again
            </Button>
          }
        >
          <strong>This view stopped working.</strong> Your sessions on the server are not affected. Try again, or sign
          out and in again.
        </Alert>
      </Box>
    );
  }
}
