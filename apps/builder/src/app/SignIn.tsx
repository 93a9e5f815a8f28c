import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { signInWithPassword } from '../lib/auth-api.ts';
import { session } from '../lib/session.ts';
import { createApiClient, errorCode, errorMessage, useTRPC } from '../lib/trpc.ts';

/**
 * Sign-in with e-mail and password (a browser session in an httpOnly cookie). An API token is the
 * secondary way, for developers and automation: it is checked with `auth.me` before it is kept.
 */
export function SignIn() {
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [notice] = useState<string | null>(session.lastReason());
  return (
    <div className="signin">
      <div className="card signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Trackway
        </div>
        {mode === 'password' ? (
          <PasswordForm notice={notice} onUseToken={() => setMode('token')} />
        ) : (
          <TokenForm notice={notice} onUsePassword={() => setMode('password')} />
        )}
      </div>
    </div>
  );
}

function PasswordForm({ notice, onUseToken }: { notice: string | null; onUseToken: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return setError('Enter your e-mail address.');
    if (!password) return setError('Enter your password.');
    setBusy(true);
    setError(null);
    const result = await signInWithPassword(email.trim(), password);
    if (!result.ok) {
      setError(result.message);
      setBusy(false);
      return;
    }
    // Nothing of an earlier account stays cached; the shell starts with who just signed in.
    queryClient.clear();
    queryClient.setQueryData(trpc.auth.me.queryKey(), result.user);
    session.signedInWithPassword();
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate>
      <h1 id="signin-title">Sign in</h1>
      <label className="field">
        <span>E-mail</span>
        <input
          className="input"
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoFocus
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          className="input"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby="signin-help"
        />
      </label>
      <p id="signin-help" className="muted small">
        Demo passwords are printed by <code>npm start</code> and kept in <code>.data/demo-tokens.json</code>.
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onUseToken}>
        Use an API token
      </button>
    </form>
  );
}

function TokenForm({ notice, onUsePassword }: { notice: string | null; onUsePassword: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste your API token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await createApiClient(() => candidate).auth.me.query();
      queryClient.clear();
      queryClient.setQueryData(trpc.auth.me.queryKey(), me);
      session.signIn(candidate);
    } catch (e) {
      setError(errorCode(e) === 'UNAUTHORIZED' ? 'This token is not valid. Check that you copied all of it.' : errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <label className="field">
        <span>API token</span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="tw_…"
          aria-describedby="signin-token-help"
          autoFocus
        />
      </label>
      <p id="signin-token-help" className="muted small">
        For developers and automation. Demo tokens are printed by <code>npm start</code> and kept in <code>.data/demo-tokens.json</code>.
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onUsePassword}>
        Use e-mail and password
      </button>
    </form>
  );
}
