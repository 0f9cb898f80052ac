import { useEffect, useState } from 'preact/hooks';
import { LIMITS, type TechniqueView } from '@hub/contracts';
import { useSession } from '../session';
import { tr } from '../language';

/**
 * DISARM techniques for an item: a filter, then a list to pick from (several with Ctrl or Shift). The list
 * is the hub's (`GET /techniques`), loaded once per form.
 */
export function TechniquesPicker(props: {
  value: string[];
  onValue: (ids: string[]) => void;
  error?: string;
}) {
  const { api } = useSession();
  const [all, setAll] = useState<TechniqueView[]>([]);
  const [filter, setFilter] = useState('');
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.techniques().then(
      (list) => setAll(list.items),
      () => setFailed(true),
    );
  }, [api]);
  const needle = filter.trim().toLowerCase();
  const shown = all.filter(
    (t) => props.value.includes(t.id) || !needle || `${t.id} ${t.name}`.toLowerCase().includes(needle),
  );
  const errorId = props.error ? 'share-techniques-error' : undefined;
  return (
    <fieldset class="techniques">
      <legend>{tr('console.techniques.legend', { max: LIMITS.techniques })}</legend>
      <label for="share-techniques-filter">{tr('console.techniques.filter')}</label>
      <input
        id="share-techniques-filter"
        type="search"
        value={filter}
        placeholder={tr('console.techniques.placeholder')}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      <label for="share-techniques">{tr('console.techniques.label')}</label>
      <select
        id="share-techniques"
        multiple
        size={6}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={errorId}
        onChange={(e) =>
          props.onValue(
            Array.from(e.currentTarget.selectedOptions)
              .map((o) => o.value)
              .slice(0, LIMITS.techniques),
          )
        }
      >
        {shown.map((t) => (
          <option key={t.id} value={t.id} selected={props.value.includes(t.id)}>
            {t.id} · {t.name} ({t.tactic})
          </option>
        ))}
      </select>
      {props.value.length > 0 && (
        <p class="hint">{tr('console.techniques.chosen', { list: props.value.join(', ') })}</p>
      )}
      {failed && <p class="hint">{tr('console.techniques.failed')}</p>}
      {props.error && (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
