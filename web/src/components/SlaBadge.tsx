import { useTranslation } from 'react-i18next';
import type { SlaState } from '../lib/cases.ts';

const SYMBOL: Record<SlaState, string> = { red: '!', amber: '◔', green: '✓' };

/** The SLA traffic light, always with its words (colour is never the only signal). */
export function SlaBadge({ state }: { state: SlaState }) {
  const { t } = useTranslation();
  return (
    <span className={`sla sla--${state}`} data-sla={state}>
      <span className="sla__dot" aria-hidden="true">
        {SYMBOL[state]}
      </span>
      {t(`cases.sla.${state}`)}
    </span>
  );
}
