import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { session } from '../lib/session.ts';
import { createApiClient, errorCode, errorMessage, useTRPC } from '../lib/trpc.ts';

/**
 * Sign-in with an API token (passwords and sessions come with the identity work). The token is
 * checked with `auth.me` before it is kept.
 */
export function SignIn() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(session.lastReason());
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
      queryClient.setQueryData(trpc.auth.me.queryKey(), me);
      session.signIn(candidate);
    } catch (e) {
      setError(errorCode(e) === 'UNAUTHORIZED' ? 'This token is not valid. Check that you copied all of it.' : errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="card signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Trackway
        </div>
        <h1 id="signin-title">Sign in</h1>
        <label className="field">
          <span>API token</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="tw_…"
            aria-describedby="signin-help"
            autoFocus
          />
        </label>
        <p id="signin-help" className="muted small">
          Demo tokens are printed by <code>npm start</code> and kept in <code>.data/demo-tokens.json</code>.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
