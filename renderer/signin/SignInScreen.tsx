/**
 * The sign-in screen: welcome, saved servers, credentials, trusting a certificate, a certificate that changed,
 * the MFA step, the keychain notice and the histories kept for offline review. Over 300 lines: it holds the
 * flow between those steps (which step follows which answer from main); each step is its own component.
 */
import Alert from '@mui/material/Alert';
import { useEffect, useState } from 'react';
import type { AuthState, CachedHistory, Profile, SandboxInfo, ServerProbe } from '../../contract';
import { OfflineHistoryList } from '../history/OfflineHistoryList';
import { describeError, type UserFacingError } from '../common/errorMessages';
import { isPamClientError, usePam } from '../pam';
import { CredentialsStep, type Credentials } from './CredentialsStep';
import { ErrorNotice } from './ErrorNotice';
import { MfaStep } from './MfaStep';
import { MismatchStep } from './MismatchStep';
import { rememberServer, rememberedServer } from './rememberedServer';
import { KeychainNotice } from '../shell/KeychainNotice';
import { SavedServers } from './SavedServers';
import { TrustStep } from './TrustStep';
import { WelcomeStep } from './WelcomeStep';

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

function initialCredentials(
  sandbox: SandboxInfo | null,
  remembered: { url: string; login: string } | null,
): Credentials {
  if (sandbox) {
    const demo =
      sandbox.users.find((user) => user.login === remembered?.login) ??
      sandbox.users.find((user) => user.login === DEFAULT_DEMO_USER) ??
      sandbox.users[0];
    return { url: sandbox.url, login: demo?.login ?? '', password: demo?.password ?? '' };
  }
  return { url: remembered?.url ?? '', login: remembered?.login ?? '', password: '' };
}

function sameFingerprint(a: string | null, b: string | null): boolean {
  return Boolean(a && b) && a!.replace(/:/g, '').toUpperCase() === b!.replace(/:/g, '').toUpperCase();
}

/**
 * Sign-in in steps: (welcome) → server and credentials → (certificate trust) → MFA code.
 * Main owns the sign-in state; this screen follows `auth` and keeps only what the user typed.
 */
export function SignInScreen({ auth, onAuthState, sandbox, onSandbox, onReviewOffline }: Props) {
  const pam = usePam();
  const remembered = rememberedServer();
  const [step, setStep] = useState<Step>(remembered || sandbox ? 'credentials' : 'welcome');
  const [credentials, setCredentials] = useState<Credentials>(() => initialCredentials(sandbox, remembered));
  const [formKey, setFormKey] = useState(0);
  const [probe, setProbe] = useState<ServerProbe | null>(null);
  const [problem, setProblem] = useState<UserFacingError | null>(null);
  const [mismatch, setMismatch] = useState<{ url: string; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  useEffect(() => {
    let cancelled = false;
    const off = pam.profiles.onChanged((list) => !cancelled && setProfiles(list.profiles));
    pam.profiles.list().then(
      (list) => !cancelled && setProfiles(list.profiles),
      () => undefined,
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [pam]);
  const [startingSandbox, setStartingSandbox] = useState(false);

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
      rememberServer({ url: next.url, login: next.login });
      // Main owns the state (and knows whether this server is our sandbox).
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
      setCredentials({ url: info.url, login: demo?.login ?? '', password: demo?.password ?? '' });
      setFormKey((n) => n + 1);
      setStep('credentials');
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
    setCredentials((before) => ({ ...before, password: sandbox ? before.password : '' }));
    setFormKey((n) => n + 1);
    setStep('credentials');
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
        setCredentials({ url: profile.url, login: profile.lastLogin ?? '', password: '' });
        setFormKey((n) => n + 1);
        setStep('credentials');
      }
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const forgetProfile = async (profile: Profile) => {
    try {
      setProfiles((await pam.profiles.remove({ id: profile.id })).profiles);
    } catch (error) {
      setProblem(describeError(error));
    }
  };

  const saved = (
    <>
      <SavedServers
        profiles={profiles}
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
        setCredentials({ url: '', login: '', password: '' });
        setFormKey((n) => n + 1);
      }}
    >
      {notices}
      {!sandbox && saved}
    </CredentialsStep>
  );
}
