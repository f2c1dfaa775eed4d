/**
 * The sign-in screen: welcome, saved servers, credentials, trusting a certificate, a certificate that changed,
 * the MFA step, the keychain notice and the histories kept for offline review. Over 300 lines: it holds the
 * flow between those steps (which step follows which answer from main); each step is its own component.
 */
import Alert from '@mui/material/Alert';
import { useState } from 'react';
import type { AuthState, CachedHistory, Profile, SandboxInfo, ServerProbe } from '../../contract';
import { OfflineHistoryList } from '../history/OfflineHistoryList';
import { describeError, type UserFacingError } from '../common/errorMessages';
import { isPamClientError, usePam } from '../pam';
import { CredentialsStep, type Credentials } from './CredentialsStep';
import { ErrorNotice } from './ErrorNotice';
import { MfaStep } from './MfaStep';
import { MismatchStep } from './MismatchStep';
import { KeychainNotice } from '../shell/KeychainNotice';
import { SavedServers } from './SavedServers';
import { TrustStep } from './TrustStep';
import { WelcomeStep } from './WelcomeStep';
import { useSavedServers, type SavedServers as Saved } from './useSavedServers';

type Step = 'welcome' | 'credentials' | 'trust' | 'mismatch';

interface Props {
  auth: Exclude<AuthState, { status: 'signedIn' } | { status: 'reauthRequired' }>;
  onAuthState(state: AuthState): void;
  /** The sandbox this run started, kept by the app so signing out returns to the demo-user picker. */
  sandbox: SandboxInfo | null;
  onSandbox(info: SandboxInfo | null): void;
  /** A kept history was opened offline (no server). */
  onReviewOffline?: (history: CachedHistory) => void;
}

const DEFAULT_DEMO_USER = 'alice';

/** The form at start: the sandbox's demo user, or the server signed in to last (main's profiles keep it). */
function initialCredentials(sandbox: SandboxInfo | null, last: Profile | null): Credentials {
  if (sandbox) {
    const demo =
      sandbox.users.find((user) => user.login === last?.lastLogin) ??
      sandbox.users.find((user) => user.login === DEFAULT_DEMO_USER) ??
      sandbox.users[0];
    return { url: sandbox.url, login: demo?.login ?? '', password: demo?.password ?? '' };
  }
  // The sandbox's address changes every run: its profile is offered under Saved servers instead.
  if (last?.kind === 'server') return { url: last.url, login: last.lastLogin ?? '', password: '' };
  return { url: '', login: '', password: '' };
}

function sameFingerprint(a: string | null, b: string | null): boolean {
  return Boolean(a && b) && a!.replace(/:/g, '').toUpperCase() === b!.replace(/:/g, '').toUpperCase();
}

/**
 * Sign-in in steps: (welcome) → server and credentials → (certificate trust) → MFA code.
 * Main owns the sign-in state; this screen follows `auth` and keeps only what the user typed.
 */
export function SignInScreen(props: Props) {
  const servers = useSavedServers(usePam());
  // The first step depends on the last server, which only main knows: a blank moment rather than a flash.
  if (!servers.loaded) return null;
  return <SignInSteps {...props} servers={servers} />;
}

function SignInSteps({ auth, onAuthState, sandbox, onSandbox, onReviewOffline, servers }: Props & { servers: Saved }) {
  const pam = usePam();
  const [step, setStep] = useState<Step>(() =>
    sandbox || servers.lastUsed?.kind === 'server' ? 'credentials' : 'welcome',
  );
  const [credentials, setCredentials] = useState<Credentials>(() => initialCredentials(sandbox, servers.lastUsed));
  const [formKey, setFormKey] = useState(0);
  const [probe, setProbe] = useState<ServerProbe | null>(null);
  const [problem, setProblem] = useState<UserFacingError | null>(null);
  const [mismatch, setMismatch] = useState<{ url: string; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [startingSandbox, setStartingSandbox] = useState(false);

  /** The credentials form afresh (a new `key`: its fields start from `next`). */
  const showForm = (next: Credentials | ((before: Credentials) => Credentials)) => {
    setCredentials(next);
    setFormKey((n) => n + 1);
    setStep('credentials');
  };

  const showProblem = async (error: unknown, url: string) => {
    if (isPamClientError(error) && error.code === 'certificate_mismatch') {
      setMismatch({ url, detail: error.message });
      setStep('mismatch');
      return;
    }
    if (isPamClientError(error) && error.code === 'untrusted_certificate') {
      try {
        const fresh = await pam.auth.probe({ url });
        if (fresh.tls === 'untrusted') {
          setProbe(fresh);
          setStep('trust');
          return;
        }
      } catch {
        // fall through to the original error, which says what is wrong
      }
    }
    setProblem(describeError(error));
  };

  const signIn = async (next: Credentials, alreadyProbed: boolean) => {
    setCredentials(next);
    setBusy(true);
    setProblem(null);
    try {
      if (!alreadyProbed) {
        const probed = await pam.auth.probe({ url: next.url });
        if (probed.tls === 'untrusted') {
          setProbe(probed);
          setStep('trust');
          return;
        }
      }
      await pam.auth.signIn({
        url: next.url,
        login: next.login,
        password: next.password,
        rememberMe: next.rememberMe ?? false,
        rememberPassword: next.rememberPassword ?? false,
      });
      // Main owns the state (and keeps this server as the last one, knowing whether it is our sandbox).
      onAuthState(await pam.auth.state());
    } catch (error) {
      await showProblem(error, next.url);
    } finally {
      setBusy(false);
    }
  };

  const trust = async () => {
    if (!probe?.fingerprint) return;
    setBusy(true);
    setProblem(null);
    try {
      await pam.auth.trust({ url: probe.url, fingerprint: probe.fingerprint });
      setStep('credentials');
    } catch (error) {
      setBusy(false);
      await showProblem(error, probe.url);
      return;
    }
    setBusy(false);
    await signIn(credentials, true);
  };

  const trySandbox = async (preferredLogin?: string | null) => {
    setStartingSandbox(true);
    setProblem(null);
    try {
      const info = await pam.sandbox.start();
      // PAM Desk started this server itself and knows its fingerprint: trusting it needs no comparison.
      const probed = await pam.auth.probe({ url: info.url });
      if (probed.tls === 'untrusted' && sameFingerprint(probed.fingerprint, info.fingerprint)) {
        await pam.auth.trust({ url: info.url, fingerprint: probed.fingerprint! });
      }
      const demo =
        info.users.find((user) => user.login === preferredLogin) ??
        info.users.find((user) => user.login === DEFAULT_DEMO_USER) ??
        info.users[0];
      onSandbox(info);
      showForm({ url: info.url, login: demo?.login ?? '', password: demo?.password ?? '' });
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setStartingSandbox(false);
    }
  };

  const verify = async (code: string) => {
    setBusy(true);
    setProblem(null);
    try {
      onAuthState(await pam.auth.verifyMfa({ code }));
    } catch (error) {
      if (isPamClientError(error) && error.code === 'unauthorized') {
        // The first step's token ran out while the user looked for the code: start over.
        onAuthState({ status: 'signedOut', reason: 'expired' });
      }
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const backFromMfa = async () => {
    setProblem(null);
    try {
      onAuthState(await pam.auth.signOut());
    } catch {
      onAuthState({ status: 'signedOut', reason: 'signedOut' });
    }
    showForm((before) => ({ ...before, password: sandbox ? before.password : '' }));
  };

  const signInWithProfile = async (profile: Profile) => {
    setBusy(true);
    setProblem(null);
    try {
      const state = await pam.profiles.use({ id: profile.id });
      if (state.status !== 'signedOut') {
        onAuthState(state);
        return;
      }
      // Nothing remembered: the form, filled in with this server and login.
      if (profile.kind === 'sandbox') {
        await trySandbox(profile.lastLogin);
      } else {
        showForm({ url: profile.url, login: profile.lastLogin ?? '', password: '' });
      }
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const forgetProfile = async (profile: Profile) => {
    try {
      servers.set(await pam.profiles.remove({ id: profile.id }));
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const saved = (
    <>
      <SavedServers
        profiles={servers.profiles}
        busy={busy || startingSandbox}
        onUse={(p) => void signInWithProfile(p)}
        onRemove={(p) => void forgetProfile(p)}
      />
      {onReviewOffline && (
        <OfflineHistoryList
          unreachable={problem?.code === 'unreachable' || problem?.code === 'timeout'}
          onOpened={onReviewOffline}
        />
      )}
    </>
  );

  const notices = (
    <>
      <KeychainNotice sx={{ mb: 2 }} />
      {auth.status === 'signedOut' && auth.reason === 'expired' && !problem && (
        <Alert severity="info" sx={{ mb: 2 }} role="status">
          Your session expired — sign in again.
        </Alert>
      )}
      {problem && <ErrorNotice problem={problem} />}
    </>
  );

  if (auth.status === 'mfaRequired') {
    const sandboxMode = sandbox !== null || auth.sandbox;
    return (
      <MfaStep
        login={auth.login}
        server={auth.serverUrl}
        busy={busy}
        onVerify={(code) => void verify(code)}
        onBack={() => void backFromMfa()}
        onFillSandboxCode={
          sandboxMode
            ? async () => {
                try {
                  return (await pam.sandbox.mfaCode({ login: auth.login })).code;
                } catch (error) {
                  setProblem(describeError(error));
                  return '';
                }
              }
            : undefined
        }
      >
        {notices}
      </MfaStep>
    );
  }

  if (step === 'mismatch' && mismatch) {
    return <MismatchStep url={mismatch.url} detail={mismatch.detail} onBack={() => setStep('credentials')} />;
  }

  if (step === 'trust' && probe) {
    return (
      <TrustStep probe={probe} busy={busy} onTrust={() => void trust()} onCancel={() => setStep('credentials')}>
        {problem && <ErrorNotice problem={problem} />}
      </TrustStep>
    );
  }

  if (step === 'welcome') {
    return (
      <WelcomeStep
        startingSandbox={startingSandbox}
        onConnect={() => setStep('credentials')}
        onTrySandbox={() => void trySandbox()}
      >
        {notices}
        {saved}
      </WelcomeStep>
    );
  }

  return (
    <CredentialsStep
      key={formKey}
      initial={credentials}
      sandbox={sandbox}
      busy={busy}
      startingSandbox={startingSandbox}
      onSubmit={(next) => void signIn(next, false)}
      onTrySandbox={() => void trySandbox()}
      onLeaveSandbox={() => {
        onSandbox(null);
        showForm({ url: '', login: '', password: '' });
      }}
    >
      {notices}
      {!sandbox && saved}
    </CredentialsStep>
  );
}
