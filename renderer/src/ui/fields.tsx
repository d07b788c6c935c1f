// Labelled form controls: every input has a <label>, its error sits right beside it (aria-invalid +
// aria-describedby), and a hint line can carry live feedback such as what an ID number decodes to.
import { useId, type ReactNode } from 'react';

interface Base {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** Field key for tests and error mapping (data-field). */
  name?: string;
  required?: boolean;
  className?: string;
}

function Shell(props: Base & { id: string; children: ReactNode }) {
  return (
    <div
      className={`field ${props.error ? 'has-error' : ''} ${props.className ?? ''}`}
      data-field={props.name}
    >
      <div className="label-row">
        <label htmlFor={props.id}>{props.label}</label>
        {/* outside the label: the accessible name stays the plain label, aria-required says the rest */}
        {props.required ? (
          <span className="req" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      {props.children}
      {props.error ? (
        <div className="field-error" id={`${props.id}-err`} role="alert">
          {props.error}
        </div>
      ) : null}
      {props.hint ? (
        <div className="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

function describedBy(id: string, p: Base): string | undefined {
  const ids = [p.error ? `${id}-err` : '', p.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField(
  p: Base & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'password' | 'date' | 'number' | 'tel' | 'search';
    placeholder?: string;
    autoFocus?: boolean;
    readOnly?: boolean;
    autoComplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'text';
    onBlur?: () => void;
    maxLength?: number;
  },
) {
  const id = useId();
  return (
    <Shell {...p} id={id}>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        placeholder={p.placeholder}
        autoFocus={p.autoFocus}
        readOnly={p.readOnly}
        autoComplete={p.autoComplete ?? 'off'}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        aria-invalid={p.error ? true : undefined}
        aria-required={p.required || undefined}
        aria-describedby={describedBy(id, p)}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
      />
    </Shell>
  );
}

export function TextArea(p: Base & { value: string; onChange: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <Shell {...p} id={id}>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 2}
        value={p.value}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(id, p)}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </Shell>
  );
}

export function SelectField(
  p: Base & {
    value: string;
    onChange: (v: string) => void;
    /** `lang`: an option written in another language on purpose (a language's own name). */
    options: ReadonlyArray<{ value: string; label: string; lang?: string }>;
    placeholder?: string;
  },
) {
  const id = useId();
  return (
    <Shell {...p} id={id}>
      <select
        id={id}
        name={p.name}
        value={p.value}
        aria-invalid={p.error ? true : undefined}
        aria-required={p.required || undefined}
        aria-describedby={describedBy(id, p)}
        onChange={(e) => p.onChange(e.target.value)}
      >
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export function CheckboxField(p: Omit<Base, 'hint'> & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className={`field field-check ${p.error ? 'has-error' : ''}`} data-field={p.name}>
      <input
        id={id}
        name={p.name}
        type="checkbox"
        checked={p.checked}
        aria-invalid={p.error ? true : undefined}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{p.label}</label>
      {p.error ? (
        <div className="field-error" role="alert">
          {p.error}
        </div>
      ) : null}
    </div>
  );
}

/** What a form says once it has been sent: saved, or why not. */
export interface FormMessage {
  kind: 'error' | 'ok';
  text: string;
}

/** A banner for the form as a whole (server message, restored draft, duplicates). */
export function Notice(p: { kind: 'error' | 'warn' | 'info' | 'ok'; children: ReactNode; testId?: string }) {
  return (
    <div
      className={`notice notice-${p.kind}`}
      role={p.kind === 'error' ? 'alert' : 'status'}
      data-testid={p.testId}
    >
      {p.children}
    </div>
  );
}
