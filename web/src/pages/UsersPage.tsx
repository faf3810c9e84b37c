import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { api, ROLES, type Role, type User, type UserSession } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../src/domain/password.ts';

const column = createColumnHelper<User>();
const sessionColumn = createColumnHelper<UserSession>();

/** The server's rule for user names (it lower-cases them first). */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Accounts of the application (admin only). */
export function UsersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<{ items: User[] }>('/users') });
  const [sessionsOf, setSessionsOf] = useState<User | null>(null);
  const columns = useMemo(
    () => [
      column.accessor('username', { header: t('users.username'), cell: (info) => <strong>{info.getValue()}</strong> }),
      column.accessor('role', { header: t('users.role'), cell: (info) => <span className="pill">{t(`roles.${info.getValue()}`, { defaultValue: info.getValue() })}</span> }),
      column.accessor('facilityCode', { header: t('users.facilityCode'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      column.accessor('createdAt', { header: t('users.createdAt'), cell: (info) => f.dateTime(info.getValue()) }),
      column.display({
        id: 'sessions',
        header: t('users.sessions'),
        cell: (info) => (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setSessionsOf(info.row.original)}
            aria-pressed={sessionsOf?.id === info.row.original.id}
            data-testid={`user-sessions-${info.row.original.username}`}
          >
            {t('users.showSessions')}
          </button>
        ),
      }),
    ],
    [t, f, sessionsOf],
  );

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="page__meta">{t('users.intro')}</p>
        </div>
      </header>
      <div className="grid-2 grid-2--narrow-first">
        <AddUser />
        <section className="panel" aria-labelledby="users-title">
          <header className="panel__header">
            <h2 id="users-title">{t('users.list')}</h2>
          </header>
          {users.isPending ? (
            <Loading />
          ) : users.isError ? (
            <ErrorState error={users.error} onRetry={() => void users.refetch()} />
          ) : (
            <DataTable
              data={users.data.items}
              columns={columns}
              caption={t('users.list')}
              getRowId={(row) => String(row.id)}
              rowTestId={(row) => `user-row-${row.username}`}
              initialSorting={[{ id: 'username', desc: false }]}
              pageSize={25}
              stackOnNarrow
            />
          )}
        </section>
      </div>
      {sessionsOf && <UserSessions key={sessionsOf.id} user={sessionsOf} onClose={() => setSessionsOf(null)} />}
    </div>
  );
}

/** A user's live sessions, each of which the admin may end (the server refuses it at once). */
function UserSessions({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const key = ['user-sessions', user.id];
  const sessions = useQuery({ queryKey: key, queryFn: () => api<{ items: UserSession[] }>(`/users/${user.id}/sessions`) });
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The panel opens below the list: the keyboard and the eye go to it.
  useEffect(() => {
    titleRef.current?.focus();
    titleRef.current?.scrollIntoView({ block: 'nearest' });
  }, [user.id]);
  const end = useMutation({
    mutationFn: (sessionId: number | null) =>
      api<{ ended: number }>(`/users/${user.id}/sessions${sessionId === null ? '' : `/${sessionId}`}`, { method: 'DELETE' }),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const columns = useMemo(
    () => [
      sessionColumn.accessor('createdAt', { header: t('users.sessionCreated'), cell: (info) => f.dateTime(info.getValue()) }),
      sessionColumn.accessor('expiresAt', { header: t('users.sessionExpires'), cell: (info) => f.dateTime(info.getValue()) }),
      sessionColumn.accessor('ip', { header: t('users.sessionIp'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      sessionColumn.display({
        id: 'end',
        header: '',
        cell: (info) => (
          <button
            type="button"
            className="button button--danger button--small"
            disabled={end.isPending}
            onClick={() => end.mutate(info.row.original.id)}
            data-testid={`session-end-${info.row.original.id}`}
          >
            {t('users.endSession')}
          </button>
        ),
      }),
    ],
    [t, f, end],
  );

  return (
    <section className="panel" aria-labelledby="sessions-title" data-testid="user-sessions">
      <header className="panel__header panel__header--row">
        <div>
          <h2 id="sessions-title" ref={titleRef} tabIndex={-1}>
            {t('users.sessionsTitle', { username: user.username })}
          </h2>
          <p className="panel__hint">{t('users.sessionsIntro')}</p>
        </div>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          {t('users.closeSessions')}
        </button>
      </header>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <>
          <DataTable
            data={sessions.data.items}
            columns={columns}
            caption={t('users.sessionsTitle', { username: user.username })}
            getRowId={(row) => String(row.id)}
            rowTestId={(row) => `session-row-${row.id}`}
            sortable={false}
            emptyText={t('users.noSessions')}
            stackOnNarrow
          />
          {sessions.data.items.length > 1 && (
            <button type="button" className="button button--danger" disabled={end.isPending} onClick={() => end.mutate(null)} data-testid="session-end-all">
              {t('users.endAllSessions')}
            </button>
          )}
        </>
      )}
      {end.isError && <ErrorState error={end.error} />}
      {end.isSuccess && (
        <p className="alert alert--success" role="status">
          {t('users.sessionsEnded', { count: end.data.ended })}
        </p>
      )}
    </section>
  );
}

function AddUser() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [facilityCode, setFacilityCode] = useState('');
  const [created, setCreated] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: () =>
      api<unknown>('/users', {
        method: 'POST',
        json: { username: username.trim().toLowerCase(), password, role, ...(role === 'faskes' ? { facilityCode: facilityCode.trim() } : {}) },
      }),
    onSuccess: () => {
      setCreated(username.trim().toLowerCase());
      setUsername('');
      setPassword('');
      setFacilityCode('');
      void client.invalidateQueries({ queryKey: ['users'] });
    },
  });

  const needsFacility = role === 'faskes';
  const name = username.trim().toLowerCase();
  const nameInvalid = name !== '' && !USERNAME.test(name);
  // The server's own rule (src/domain/password.ts), so the form says what it will say.
  const weak = passwordProblem(password, name);
  const passwordInvalid = password !== '' && weak !== null;
  const ready = USERNAME.test(name) && weak === null && (!needsFacility || facilityCode.trim() !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    if (ready) add.mutate();
  };

  return (
    <section className="panel" aria-labelledby="add-user-title">
      <header className="panel__header">
        <h2 id="add-user-title">{t('users.add')}</h2>
      </header>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('users.username')}</span>
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-invalid={nameInvalid}
            aria-describedby="username-hint"
            data-testid="user-username"
          />
          <span id="username-hint" className={nameInvalid ? 'field__hint field__hint--error' : 'field__hint'}>
            {t('users.usernameHint')}
          </span>
        </label>
        <label className="field">
          <span className="field__label">{t('users.password')}</span>
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            aria-invalid={passwordInvalid}
            aria-describedby="password-hint"
            data-testid="user-password"
          />
          <span id="password-hint" className={passwordInvalid ? 'field__hint field__hint--error' : 'field__hint'}>
            {t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
          </span>
        </label>
        <label className="field">
          <span className="field__label">{t('users.role')}</span>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} data-testid="user-role">
            {ROLES.map((each) => (
              <option key={each} value={each}>
                {t(`roles.${each}`)}
              </option>
            ))}
          </select>
          <span className="field__hint">{t(`users.roleHints.${role}`)}</span>
        </label>
        {needsFacility && (
          <label className="field">
            <span className="field__label">{t('users.facilityCode')}</span>
            <input value={facilityCode} onChange={(event) => setFacilityCode(event.target.value)} required data-testid="user-facility" />
            <span className="field__hint">{t('users.facilityHint')}</span>
          </label>
        )}
        {add.isError && <ErrorState error={add.error} />}
        {created && (
          <p className="alert alert--success" role="status">
            {t('users.created', { username: created })}
          </p>
        )}
        <button type="submit" className="button" disabled={!ready || add.isPending} data-testid="user-submit">
          {add.isPending ? t('common.saving') : t('users.submit')}
        </button>
      </form>
    </section>
  );
}
