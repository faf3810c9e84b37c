import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { isApiError } from '../lib/api.ts';
import { href } from '../lib/router.ts';
import { useLogin } from '../lib/session.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // read the inputs too: a password manager may fill them without a change event
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = (username || String(form.get('username') ?? '')).trim();
    const secret = password || String(form.get('password') ?? '');
    if (name && secret) login.mutate({ username: name, password: secret });
  };

  const error = login.error
    ? isApiError(login.error, 401)
      ? t('auth.invalid')
      : isApiError(login.error, 0)
        ? t('common.networkError')
        : login.error.message || t('common.error')
    : null;

  return (
    <main className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <div className="login__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">+</span>
          <span>
            <span className="brand__name">SMART JKN</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <h1 className="login__title">{t('auth.title')}</h1>
        <form onSubmit={submit} className="form" noValidate>
          <label className="field">
            <span className="field__label">{t('auth.username')}</span>
            <input
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              data-testid="login-username"
            />
          </label>
          <label className="field">
            <span className="field__label">{t('auth.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="login-password"
            />
          </label>
          {error && (
            <p className="alert alert--error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button--block" disabled={login.isPending} data-testid="login-submit">
            {login.isPending ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        <p className="login__foot">{t('auth.foot')}</p>
        <a className="login__resident" href={href({ page: 'selfCheck' })} data-testid="self-check-link">
          <strong>{t('auth.residentLink')}</strong>
          <span>{t('auth.residentHint')}</span>
        </a>
      </div>
    </main>
  );
}
