import type { ErrorCode } from '../../contract';
import { isPamClientError } from '../pam';
import { serverSentence } from './serverText';

export interface UserFacingError {
  code: ErrorCode | 'unknown';
  title: string;
  /** What the user can do about it. */
  hint: string;
  /** The server's or service's own words, shown as detail. */
  detail: string;
}

const texts: Record<ErrorCode, { title: string; hint: string }> = {
  invalid_input: { title: 'Some input is not valid', hint: 'Check the highlighted fields and try again.' },
  unauthorized: { title: 'Your session expired', hint: 'Sign in again to continue.' },
  forbidden: { title: 'You are not allowed to do this', hint: 'Ask a PAM administrator for the permission you need.' },
  not_found: { title: 'Not found', hint: 'The item may have been removed. Refresh and try again.' },
  conflict: { title: 'Not possible right now', hint: 'The session changed state. Refresh and try again.' },
  credentials_invalid: { title: 'Wrong login or password', hint: 'Check your login and password and try again.' },
  mfa_invalid: { title: 'Wrong or expired code', hint: 'Enter the current 6-digit code from your authenticator app.' },
  throttled: { title: 'Too many attempts', hint: 'Wait a minute before you try again.' },
  unreachable: {
    title: 'Cannot reach the server',
    hint: 'Check the server address, your network or VPN, and that the server is running.',
  },
  timeout: {
    title: 'The server did not answer in time',
    hint: 'The server may be busy or the network slow. Try again.',
  },
  untrusted_certificate: {
    title: 'The server certificate is not trusted',
    hint: 'Compare its fingerprint with the one your administrator gave you before you trust it.',
  },
  certificate_mismatch: {
    title: 'The server certificate has changed',
    hint: 'PAM Desk will not connect: this can be an attack. Contact your administrator before you continue.',
  },
  bad_response: {
    title: 'The server sent an answer PAM Desk does not understand',
    hint: 'Check that the address points to a Privilege Secure server (often port 6500).',
  },
  server_error: {
    title: 'The server reported an error',
    hint: 'Try again in a moment. If it persists, tell your administrator.',
  },
  not_available: { title: 'Not available', hint: 'This feature is not available in this edition or mode.' },
  internal: { title: 'Something went wrong inside PAM Desk', hint: 'Try again. Details are in the application log.' },
  launch_refused: {
    title: 'The connection was not started',
    hint: 'Nothing was started or sent. Tell your PAM administrator what the message says.',
  },
};

/** Maps any thrown value to words for the user; unknown errors never leak stack traces. */
export function describeError(error: unknown): UserFacingError {
  if (isPamClientError(error)) {
    const text = texts[error.code] ?? texts.internal;
    return { code: error.code, ...text, detail: serverSentence(error.message) };
  }
  return {
    code: 'unknown',
    ...texts.internal,
    detail: serverSentence(error instanceof Error ? error.message : String(error)),
  };
}
