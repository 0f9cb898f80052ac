import { useState } from 'preact/hooks';
import {
  CHANNELS,
  HASH_ALGORITHMS,
  LIMITS,
  type BulkShareResultEntry,
  type IncidentView,
} from '@hub/contracts';
import { useSession } from '../session';
import { bulkLines } from '../state/bulk';
import { ErrorNote, Field, fieldAria, useSubmit } from '../ui/forms';

type Kind = 'url' | 'hash' | 'account';

/** Share one URL, hash or account, or paste many URLs and hashes at once (one per line). */
export function ShareForm(props: { incident: IncidentView }) {
  const { api } = useSession();
  const [bulk, setBulk] = useState(false);
  const [kind, setKind] = useState<Kind>('url');
  const [url, setUrl] = useState('');
  const [algorithm, setAlgorithm] = useState<string>('pdq');
  const [value, setValue] = useState('');
  const [quality, setQuality] = useState('');
  const [accountPlatform, setAccountPlatform] = useState(props.incident.platforms[0] ?? '');
  const [handle, setHandle] = useState('');
  const [channel, setChannel] = useState<string>('referral');
  const [legalReference, setLegalReference] = useState('');
  const [pasted, setPasted] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [bulkErrors, setBulkErrors] = useState<{ line: number; message: string }[]>([]);

  const common = () => ({
    channel,
    ...(channel === 'removal_order' || legalReference ? { legalReference } : {}),
  });
  const single = useSubmit(
    async () => {
      const body: Record<string, unknown> = { kind, ...common() };
      if (kind === 'url') body.url = url.trim();
      if (kind === 'hash')
        body.hash = {
          algorithm,
          value: value.trim(),
          ...(quality !== '' ? { quality: Number(quality) } : {}),
        };
      if (kind === 'account') body.account = { platformKey: accountPlatform, handle: handle.trim() };
      return api.share(props.incident.id, body);
    },
    (result) => {
      setOutcome(result.duplicate ? 'Already shared: you are recorded as a reporter too.' : 'Shared.');
      setUrl('');
      setValue('');
      setHandle('');
    },
  );
  const many = useSubmit(
    async () => {
      const lines = bulkLines(pasted, algorithm);
      if (lines.length > LIMITS.bulkItems) throw new Error(`At most ${LIMITS.bulkItems} lines at once.`);
      const { results } = await api.shareBulk(
        props.incident.id,
        lines.map((l) => ({ ...l.item, ...common() })),
      );
      return { lines, results };
    },
    ({ lines, results }) => {
      const count = (s: BulkShareResultEntry['status']) => results.filter((r) => r.status === s).length;
      setOutcome(
        `${count(201)} shared, ${count(200)} already known, ${results.length - count(201) - count(200)} refused.`,
      );
      setBulkErrors(
        results
          .filter((r) => r.status >= 400)
          .map((r) => ({ line: lines[r.index]!.line, message: r.error?.message ?? 'refused' })),
      );
      if (results.every((r) => r.status < 400)) setPasted('');
    },
  );
  const form = bulk ? many : single;
  const err = (name: string) => form.fieldError(name);

  return (
    <form class="card share-form" aria-label="Share" onSubmit={form.submit} noValidate>
      <div class="share-head">
        <h2>Share</h2>
        {!bulk && (
          <fieldset class="choices inline">
            <legend class="visually-hidden">Kind</legend>
            {(['url', 'hash', 'account'] as Kind[]).map((k) => (
              <label class="choice" key={k}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k}
              </label>
            ))}
          </fieldset>
        )}
        <label class="choice">
          <input type="checkbox" checked={bulk} onChange={() => setBulk(!bulk)} /> Paste many
        </label>
      </div>
      {!bulk && kind === 'url' && (
        <Field id="share-url" label="URL" error={err('url')}>
          <input
            id="share-url"
            type="url"
            inputMode="url"
            value={url}
            maxLength={LIMITS.url}
            placeholder="https://"
            onInput={(e) => setUrl(e.currentTarget.value)}
            {...fieldAria('share-url', err('url'))}
          />
        </Field>
      )}
      {(bulk || kind === 'hash') && (
        <div class="row">
          <Field
            id="share-algorithm"
            label={bulk ? 'Algorithm of pasted hashes' : 'Algorithm'}
            error={err('algorithm')}
          >
            <select
              id="share-algorithm"
              value={algorithm}
              onChange={(e) => setAlgorithm(e.currentTarget.value)}
            >
              {HASH_ALGORITHMS.map((a) => (
                <option value={a}>{a}</option>
              ))}
            </select>
          </Field>
          {!bulk && (
            <>
              <Field id="share-hash" label="Hash value" error={err('value')}>
                <input
                  id="share-hash"
                  value={value}
                  maxLength={LIMITS.opaqueHash}
                  spellcheck={false}
                  onInput={(e) => setValue(e.currentTarget.value)}
                  {...fieldAria('share-hash', err('value'))}
                />
              </Field>
              <Field id="share-quality" label="Quality (0-100)" error={err('quality')}>
                <input
                  id="share-quality"
                  type="number"
                  min={0}
                  max={100}
                  value={quality}
                  onInput={(e) => setQuality(e.currentTarget.value)}
                  {...fieldAria('share-quality', err('quality'))}
                />
              </Field>
            </>
          )}
        </div>
      )}
      {!bulk && kind === 'account' && (
        <div class="row">
          <Field id="share-account-platform" label="Platform" error={err('platformKey')}>
            <select
              id="share-account-platform"
              value={accountPlatform}
              onChange={(e) => setAccountPlatform(e.currentTarget.value)}
            >
              {props.incident.platforms.map((p) => (
                <option value={p}>{p}</option>
              ))}
            </select>
          </Field>
          <Field id="share-handle" label="Handle" error={err('handle')}>
            <input
              id="share-handle"
              value={handle}
              maxLength={LIMITS.handle}
              onInput={(e) => setHandle(e.currentTarget.value)}
              {...fieldAria('share-handle', err('handle'))}
            />
          </Field>
        </div>
      )}
      {bulk && (
        <Field
          id="share-bulk"
          label="URLs or hashes, one per line"
          hint={`Up to ${LIMITS.bulkItems} lines; lines starting with http are URLs, the others hashes.`}
          error={err('items')}
        >
          <textarea
            id="share-bulk"
            rows={6}
            value={pasted}
            spellcheck={false}
            onInput={(e) => setPasted(e.currentTarget.value)}
            {...fieldAria('share-bulk', err('items'), true)}
          />
        </Field>
      )}
      <div class="row">
        <Field id="share-channel" label="Channel" error={err('channel')}>
          <select id="share-channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)}>
            {CHANNELS.map((c) => (
              <option value={c}>{c.replace(/_/g, ' ')}</option>
            ))}
          </select>
        </Field>
        {channel === 'removal_order' && (
          <Field
            id="share-legal"
            label="Legal reference (required for a removal order)"
            error={err('legalReference')}
          >
            <input
              id="share-legal"
              value={legalReference}
              maxLength={LIMITS.legalReference}
              onInput={(e) => setLegalReference(e.currentTarget.value)}
              {...fieldAria('share-legal', err('legalReference'))}
            />
          </Field>
        )}
      </div>
      <ErrorNote error={form.error} />
      {bulkErrors.length > 0 && (
        <ul class="bulk-errors" aria-label="Refused lines">
          {bulkErrors.slice(0, 50).map((e) => (
            <li key={e.line}>
              Line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {outcome && !form.error && (
        <p class="outcome" role="status">
          {outcome}
        </p>
      )}
      <button type="submit" disabled={form.busy}>
        {form.busy ? 'Sharing…' : bulk ? 'Share all' : 'Share'}
      </button>
    </form>
  );
}
