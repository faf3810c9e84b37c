import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { api, ROLES, type Role, type User } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

const column = createColumnHelper<User>();

/** The server's rule for user names (it lower-cases them first). */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const MIN_PASSWORD = 8;

/** Accounts of the application (admin only). */
export function UsersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<{ items: User[] }>('/users') });
  const columns = useMemo(
    () => [
      column.accessor('username', { header: t('users.username'), cell: (info) => <strong>{info.getValue()}</strong> }),
      column.accessor('role', { header: t('users.role'), cell: (info) => <span className="pill">{t(`roles.${info.getValue()}`, { defaultValue: info.getValue() })}</span> }),
      column.accessor('facilityCode', { header: t('users.facilityCode'), cell: (info) => <span className="code">{info.getValue() ?? '—'}</span> }),
      column.accessor('createdAt', { header: t('users.createdAt'), cell: (info) => f.dateTime(info.getValue()) }),
    ],
    [t, f],
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
    </div>
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
  const ready = USERNAME.test(name) && password.length >= MIN_PASSWORD && (!needsFacility || facilityCode.trim() !== '');

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
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" required minLength={8} data-testid="user-password" />
          <span className="field__hint">{t('users.passwordHint')}</span>
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
