import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';

interface Holiday {
  date: string;
  name: string;
  kind: 'LIBUR_NASIONAL' | 'CUTI_BERSAMA';
  estimated?: boolean;
}

const toLines = (items: Holiday[]) => items.map((h) => `${h.date};${h.kind};${h.name}${h.estimated ? ';perkiraan' : ''}`).join('\n');

function fromLines(text: string): Holiday[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = '', kind = '', name = '', estimated] = line.split(';').map((p) => p.trim());
      return { date, kind: kind as Holiday['kind'], name, ...(estimated ? { estimated: true } : {}) };
    });
}

/** An admin replaces the holidays the SLA clocks skip: one line per day, `YYYY-MM-DD;KIND;name[;perkiraan]`. */
export function HolidayEditor() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['complaint-holidays'], queryFn: () => api<{ items: Holiday[] }>('/complaints/holidays') });
  const [text, setText] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (items: Holiday[]) => api<{ count: number }>('/complaints/holidays', { method: 'PUT', json: { items } }),
    onSuccess: () => {
      setText(null);
      void client.invalidateQueries({ queryKey: ['complaint-holidays'] });
    },
  });
  const shown = text ?? (list.data ? toLines(list.data.items) : '');
  return (
    <details className="intake" data-testid="holiday-editor">
      <summary>{t('complaints.holidays.title', { count: list.data?.items.length ?? 0 })}</summary>
      <p className="muted small">{t('complaints.holidays.hint')}</p>
      <textarea rows={10} value={shown} onChange={(e) => setText(e.target.value)} spellCheck={false} className="mono" aria-label={t('complaints.holidays.title', { count: 0 })} />
      <button type="button" className="button button--small" disabled={text === null || save.isPending} onClick={() => save.mutate(fromLines(shown))}>
        {t('complaints.holidays.save')}
      </button>
      {save.isError && <p className="alert alert--error">{save.error.message}</p>}
      {save.isSuccess && <p className="alert alert--success">{t('complaints.holidays.saved', { count: save.data.count })}</p>}
    </details>
  );
}
