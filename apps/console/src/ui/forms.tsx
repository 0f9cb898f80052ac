import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../hub-api.client';
import { language, term } from '../language';

/** A labelled control with the hub's message for its field shown beneath it and tied to it for readers. */
export function Field(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${props.id}-error`} class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** A text box (or, with `rows`, a text area) in a Field, tied to its hint and error. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  hint?: string;
  maxLength?: number;
  rows?: number;
  type?: 'text' | 'url' | 'number';
  /** The few other attributes the console's fields use. */
  attributes?: {
    inputMode?: string;
    placeholder?: string;
    spellcheck?: boolean;
    min?: number;
    max?: number;
    autocomplete?: string;
    required?: boolean;
  };
}) {
  const control = {
    id: props.id,
    value: props.value,
    maxLength: props.maxLength,
    onInput: (e: Event) => props.onValue((e.currentTarget as HTMLInputElement).value),
    ...fieldAria(props.id, props.error, props.hint !== undefined),
    ...props.attributes,
  };
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      {props.rows ? (
        <textarea rows={props.rows} {...control} />
      ) : (
        // Preact types each input type apart; at run time this is one of the three.
        <input {...({ type: props.type ?? 'text', ...control } as JSX.IntrinsicElements['input'])} />
      )}
    </Field>
  );
}

/**
 * A choice among fixed values in a Field, each worded by the catalogue's `term` of its kind (else with its
 * underscores as spaces). The value is one of `options`.
 */
export function SelectField<V extends string>(props: {
  id: string;
  label: string;
  value: V;
  onValue: (value: V) => void;
  options: readonly (V | { value: V; label: string })[];
  error?: string;
  term?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onValue(e.currentTarget.value as V)}
        {...fieldAria(props.id, props.error)}
      >
        {props.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: term(props.term ?? '', o) } : o;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </Field>
  );
}

/** The attributes that tie a control to its Field's hint and error. */
export function fieldAria(id: string, error?: string, hint = false) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined };
}

/**
 * An action sent to the hub: busy while waiting, then the refusal (general and per field). `run` takes the
 * call, so one action state can serve several buttons (the incident's lifecycle, an exercise's controls).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <T,>(action: () => Promise<T>, onDone?: (result: T) => void): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone?.(await action());
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message));
    } finally {
      setBusy(false);
    }
  };
  /** The message for a field, matching `items[0].url` to `url` as well. */
  const fieldError = (...names: string[]): string | undefined => {
    if (!error) return undefined;
    for (const [field, message] of Object.entries(error.fields)) {
      const leaf = field.replace(/^.*\]\./, '');
      if (
        names.some((n) => field === n || leaf === n || field.startsWith(`${n}.`) || field.startsWith(`${n}[`))
      )
        return message;
    }
    return undefined;
  };
  return { busy, error, run, fieldError };
}

/** A form bound to one action: `onSubmit={form.submit}`. */
export function useSubmit<T>(action: () => Promise<T>, onDone?: (result: T) => void) {
  const state = useAction();
  const submit = (event?: Event) => {
    event?.preventDefault();
    return state.run(action, onDone);
  };
  return { ...state, submit };
}

export function ErrorNote(props: { error: ApiError | Error | null | undefined }) {
  if (!props.error) return null;
  return (
    <p class="error-note" role="alert">
      {errorText(props.error)}
    </p>
  );
}

/**
 * A refusal as the reader reads it: the hub's `localizedMessage` (its answer to the console's
 * Accept-Language) in another language than English, else its English message, which names the field.
 */
export function errorText(error: Error): string {
  const localized = error instanceof ApiError ? error.localizedMessage : undefined;
  return language() !== 'en' && localized ? localized : error.message;
}

/** Loads once per dependency change; `reload` fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && (setValue(v), setError(null)),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, version]);
  return { value, error, reload: () => setVersion((v) => v + 1) };
}

/** Calls `refresh` every `ms` while the tab is visible, and at once when it comes back into view. */
export function useRefresh(refresh: () => void, ms = 10_000): void {
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [ms]);
}

/** A value of the hub's enumerations as a badge, in the catalogue's words (`term`). */
export function Badge(props: { kind: string; value: string; label?: string }) {
  return (
    <span class={`badge ${props.kind}-${props.value}`} title={props.label}>
      {term(props.kind, props.value)}
    </span>
  );
}
