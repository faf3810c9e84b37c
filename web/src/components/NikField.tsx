import { useId, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { checkNikInput, NIK_LENGTH, nikProblem } from '../lib/nik-input.ts';

interface NikFieldProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  /** Shown once the NIK breaks no rule, e.g. "press Enter to check". */
  validHint: string;
  /** The form was submitted: an incomplete NIK is now an error, not a count. */
  submitted: boolean;
  large?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  testId?: string;
}

/**
 * A NIK input that applies the NIK rules as the digits come in and says what is wrong in plain words
 * (the server's wording, src/domain/row-issues.ts), in the interface language.
 */
export function NikField({ value, onChange, label, validHint, submitted, large, autoFocus, inputRef, testId = 'nik-input' }: NikFieldProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const input = checkNikInput(value);
  const problem = nikProblem(input, submitted, i18n.language, t('nik.digitsOnly'));
  const message =
    problem ??
    (input.state === 'valid'
      ? validHint
      : input.state === 'incomplete'
        ? t('nik.progress', { typed: input.typed, total: NIK_LENGTH })
        : t('nik.hint'));
  const tone = problem ? 'field__hint field__hint--error' : input.state === 'valid' ? 'field__hint field__hint--ok' : 'field__hint';

  return (
    <div className={large ? 'field field--nik field--nik-large' : 'field field--nik'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        inputMode="numeric"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="search"
        maxLength={24}
        autoFocus={autoFocus}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-message`}
        className="nik-input"
        data-testid={testId}
        data-state={input.state}
      />
      <span id={`${id}-message`} className={tone} aria-live="polite" data-testid={`${testId}-message`}>
        {message}
      </span>
    </div>
  );
}
