/** The second sign-in step: the forms an MFA code is sent in, and why a server refused it, in words. */
import { PamError } from '../errors/pamError';
import type { HttpRequest } from './httpTransport';
import { NpsHttpError } from './npsErrors';

export interface MfaCodeSender {
  /** Posts the code to `/signin2fa` and resolves with the signed-in token. */
  send(preMfaToken: string, code: string): Promise<string>;
}

/**
 * Sends the code in the form this server took last time first, then the other forms while the server
 * says it could not read the body. `postToken` posts the request and reads the token from the answer.
 */
export function createMfaCodeSender(postToken: (request: HttpRequest) => Promise<string>): MfaCodeSender {
  // The form of the MFA code this server took last time, tried first next time.
  let mfaForm: MfaCodeForm | null = null;
  return {
    async send(preMfaToken, code) {
      const forms = mfaForm ? [mfaForm, ...MFA_CODE_FORMS.filter((form) => form !== mfaForm)] : MFA_CODE_FORMS;
      let lastError: unknown = null;
      for (const form of forms) {
        try {
          const token = await postToken({
            method: 'POST',
            path: '/signin2fa',
            token: preMfaToken,
            ...mfaCodeBody(form, code),
          });
          mfaForm = form;
          return token;
        } catch (error) {
          lastError = error;
          // Only a body the server could not read (400/415 that is not about the code) is worth another form;
          // anything else was an answer about the code or the sign-in, and a retry would cost an attempt.
          if (!(error instanceof NpsHttpError) || !isUnreadableBody(error)) break;
        }
      }
      throw lastError;
    },
  };
}

/**
 * How the MFA code travels. The reference's PowerShell sample posts `$MfaCode` as is with
 * `Content-Type: application/json` (the bare digits), servers that bind a `[FromBody] string` want a
 * JSON string, and some an object. The bare form goes first: a server that binds a string answers 400
 * to it without judging the code, while a server that reads the raw body would judge `"123456"` (quotes
 * included) a wrong code and count a failed attempt.
 */
type MfaCodeForm = 'bare' | 'string' | 'object';
const MFA_CODE_FORMS: readonly MfaCodeForm[] = ['bare', 'string', 'object'];

function mfaCodeBody(form: MfaCodeForm, code: string): Pick<HttpRequest, 'body' | 'rawBody'> {
  if (form === 'bare') return { rawBody: code };
  if (form === 'string') return { body: code };
  return { body: { code } };
}

const ABOUT_THE_CODE =
  /\b(code|otp|totp|passcode|one-time|2fa|mfa|verification)\b.*\b(not correct|incorrect|invalid|wrong|expired|mismatch|failed)\b|\b(invalid|incorrect|wrong)\b.*\b(code|otp|totp|passcode)\b/i;
const ABOUT_THE_TOKEN = /invalid_token|token (has )?expired|expired token|token is not valid|token is invalid/i;
const ABOUT_THE_WEB_SESSION = /cookie|antiforgery|xsrf|csrf|\bsession\b/i;

/** A 400/415 that says the body could not be read (not that the code was wrong). */
function isUnreadableBody(error: NpsHttpError): boolean {
  if (error.status === 415) return true;
  return error.status === 400 && !ABOUT_THE_CODE.test(error.detail ?? '');
}

/**
 * Why `/signin2fa` refused, in words that say what to do. Only a refusal about the code is
 * `mfa_invalid`; a lapsed pre-MFA token or a missing/expired sign-in cookie is `unauthorized` (start
 * again), and says so instead of blaming the code.
 */
export function mfaFailure(error: PamError, context: { cookieLapsed: boolean; hadCookie: boolean }): PamError {
  if (!(error instanceof NpsHttpError) || ![400, 401, 403].includes(error.status)) return error;
  const words = `${error.authenticate} ${error.detail ?? ''}`;
  // ASP.NET's JwtBearer says `error="invalid_token"` when the pre-MFA token itself has lapsed.
  // (Only the token's own problems count: "the code … has expired" is a wrong code.)
  if (ABOUT_THE_TOKEN.test(words)) {
    return new PamError('unauthorized', 'The sign-in took too long. Sign in again.', { cause: error });
  }
  if (context.cookieLapsed || /cookie|antiforgery|xsrf|csrf/i.test(words)) {
    const why = context.cookieLapsed
      ? 'the sign-in cookie it set has expired'
      : context.hadCookie
        ? 'it no longer accepts the sign-in cookie it set'
        : 'it expected a sign-in cookie that it did not set or that did not reach it';
    return new PamError(
      'unauthorized',
      `The server refused the sign-in because ${why}, not because of the code. Sign in again.`,
      { cause: error },
    );
  }
  if (ABOUT_THE_CODE.test(words) || !error.detail) {
    return new PamError('mfa_invalid', 'The code is not correct or has expired. Enter the current code.', {
      cause: error,
    });
  }
  if (ABOUT_THE_WEB_SESSION.test(words)) {
    return new PamError('unauthorized', `The server ended this sign-in (${error.detail}). Sign in again.`, {
      cause: error,
    });
  }
  if (error.status === 400) {
    return new PamError('invalid_input', `The server did not accept the code (${error.detail}).`, { cause: error });
  }
  if (error.status === 403) {
    return new PamError('forbidden', `The server refused the sign-in (${error.detail}).`, { cause: error });
  }
  return new PamError('mfa_invalid', `The server refused the code (${error.detail}).`, { cause: error });
}
