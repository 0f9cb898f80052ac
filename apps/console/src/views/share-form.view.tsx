import { useState } from 'preact/hooks';
import {
  CHANNELS,
  HASH_ALGORITHMS,
  LIMITS,
  type BulkShareResultEntry,
  type Channel,
  type HashAlgorithm,
  type IncidentView,
  type ShareItemDto,
} from '@hub/contracts';
import { MediaFiles } from '../media/media-files.view';
import { shareBatches, shareItemOf, type MediaEntry } from '../media/media-share';
import { useMediaHashing } from '../media/use-media-hashing';
import { useSession } from '../session';
import { bulkLines } from '../state/bulk';
import { ErrorNote, SelectField, TextField, useSubmit } from '../ui/forms';
import { TechniquesPicker } from './techniques-picker.view';
import { term, tr } from '../language';

type Kind = 'url' | 'hash' | 'account' | 'narrative' | 'files';

/** A comma-separated list, trimmed, blanks dropped. */
const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Share one URL, hash or account, paste many URLs and hashes at once (one per line), or choose pictures
 * and videos, hashed in this browser, whose hashes are shared at once (the files stay here).
 */
export function ShareForm(props: { incident: IncidentView }) {
  const { api } = useSession();
  const [bulk, setBulk] = useState(false);
  const [kind, setKind] = useState<Kind>('url');
  const [url, setUrl] = useState('');
  const [algorithm, setAlgorithm] = useState<HashAlgorithm>('pdq');
  const [value, setValue] = useState('');
  const [quality, setQuality] = useState('');
  const [accountPlatform, setAccountPlatform] = useState(props.incident.platforms[0] ?? '');
  const [handle, setHandle] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [keywords, setKeywords] = useState('');
  const [languages, setLanguages] = useState('');
  const [examples, setExamples] = useState('');
  const [techniques, setTechniques] = useState<string[]>([]);
  const [channel, setChannel] = useState<Channel>('referral');
  const [legalReference, setLegalReference] = useState('');
  const [pasted, setPasted] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [bulkErrors, setBulkErrors] = useState<{ line: number; message: string }[]>([]);
  const media = useMediaHashing();

  const common = () => ({
    channel,
    ...(channel === 'removal_order' || legalReference ? { legalReference } : {}),
  });
  const single = useSubmit(
    async () => {
      const body: ShareItemDto = { kind: kind === 'files' ? 'hash' : kind, ...common() };
      if (kind === 'url') body.url = url.trim();
      if (kind === 'hash')
        body.hash = {
          algorithm,
          value: value.trim(),
          ...(quality !== '' ? { quality: Number(quality) } : {}),
        };
      if (kind === 'account') body.account = { platformKey: accountPlatform, handle: handle.trim() };
      if (kind === 'narrative') {
        const urls = examples
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        body.narrative = {
          title: title.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          ...(listOf(keywords).length ? { keywords: listOf(keywords) } : {}),
          ...(listOf(languages).length ? { languages: listOf(languages) } : {}),
          ...(urls.length ? { examples: urls } : {}),
        };
      }
      if (techniques.length) body.techniques = techniques;
      return api.share(props.incident.id, body);
    },
    (result) => {
      setOutcome(result.duplicate ? tr('console.share.duplicate') : tr('console.share.shared'));
      setUrl('');
      setValue('');
      setHandle('');
      setTitle('');
      setDescription('');
      setKeywords('');
      setLanguages('');
      setExamples('');
      setTechniques([]);
    },
  );
  const many = useSubmit(
    async () => {
      const lines = bulkLines(pasted, algorithm);
      if (lines.length > LIMITS.bulkItems)
        throw new Error(tr('console.share.tooManyLines', { max: LIMITS.bulkItems }));
      const { results } = await api.shareBulk(
        props.incident.id,
        lines.map((l) => ({ ...l.item, ...common() })),
      );
      return { lines, results };
    },
    ({ lines, results }) => {
      const count = (s: BulkShareResultEntry['status']) => results.filter((r) => r.status === s).length;
      setOutcome(
        tr('console.share.bulkOutcome', {
          shared: count(201),
          known: count(200),
          refused: results.length - count(201) - count(200),
        }),
      );
      setBulkErrors(
        results
          .filter((r) => r.status >= 400)
          .map((r) => ({
            line: lines[r.index]!.line,
            message: r.error?.message ?? tr('console.share.refused'),
          })),
      );
      if (results.every((r) => r.status < 400)) setPasted('');
    },
  );
  const files = useSubmit(
    async () => {
      if (media.busy) throw new Error(tr('console.share.waitHashing'));
      const ready = media.entries
        .filter((e) => !e.shared || e.shared.status >= 400)
        .map((entry) => ({ entry, item: shareItemOf(entry) }))
        .filter((r): r is { entry: MediaEntry; item: Omit<ShareItemDto, 'channel'> } => r.item !== null);
      if (ready.length === 0) throw new Error(tr('console.share.noFiles'));
      // The hashes only, never the media: one request for every file, unless long videos make it too big.
      const batches = shareBatches(
        ready.map((r) => ({ ...r.item, ...common() })),
        { maxBytes: LIMITS.bodyBytes - 1024, maxItems: LIMITS.bulkItems },
      );
      const results: BulkShareResultEntry[] = [];
      for (const batch of batches) {
        const offset = results.length;
        const answer = await api.shareBulk(props.incident.id, batch);
        results.push(...answer.results.map((r) => ({ ...r, index: r.index + offset })));
      }
      return { ready, results };
    },
    ({ ready, results }) => {
      const count = (s: BulkShareResultEntry['status']) => results.filter((r) => r.status === s).length;
      setOutcome(
        tr('console.share.bulkOutcome', {
          shared: count(201),
          known: count(200),
          refused: results.length - count(201) - count(200),
        }),
      );
      media.markShared(
        results.map((r) => ({ key: ready[r.index]!.entry.key, status: r.status, message: r.error?.message })),
      );
    },
  );
  const form = !bulk && kind === 'files' ? files : bulk ? many : single;
  const err = (...names: string[]) => form.fieldError(...names);

  return (
    <form class="card share-form" aria-label={tr('console.share.title')} onSubmit={form.submit} noValidate>
      <div class="share-head">
        <h2>{tr('console.share.title')}</h2>
        {!bulk && (
          <fieldset class="choices inline">
            <legend class="visually-hidden">{tr('console.share.kind')}</legend>
            {(['url', 'hash', 'account', 'narrative', 'files'] as Kind[]).map((k) => (
              <label class="choice" key={k}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
                {k === 'files' ? tr('console.share.files') : term('kind', k)}
              </label>
            ))}
          </fieldset>
        )}
        <label class="choice">
          <input type="checkbox" checked={bulk} onChange={() => setBulk(!bulk)} />{' '}
          {tr('console.share.pasteMany')}
        </label>
      </div>
      {!bulk && kind === 'url' && (
        <TextField
          id="share-url"
          label={tr('console.share.url')}
          type="url"
          value={url}
          onValue={setUrl}
          maxLength={LIMITS.url}
          error={err('url')}
          attributes={{ inputMode: 'url', placeholder: 'https://' }}
        />
      )}
      {(bulk || kind === 'hash') && (
        <div class="row">
          <SelectField
            id="share-algorithm"
            label={bulk ? tr('console.share.bulkAlgorithm') : tr('console.share.algorithm')}
            value={algorithm}
            onValue={setAlgorithm}
            options={HASH_ALGORITHMS}
            error={err('algorithm')}
          />
          {!bulk && (
            <>
              <TextField
                id="share-hash"
                label={tr('console.share.hashValue')}
                value={value}
                onValue={setValue}
                maxLength={LIMITS.opaqueHash}
                error={err('value')}
                attributes={{ spellcheck: false }}
              />
              <TextField
                id="share-quality"
                label={tr('console.share.quality')}
                type="number"
                value={quality}
                onValue={setQuality}
                error={err('quality')}
                attributes={{ min: 0, max: 100 }}
              />
            </>
          )}
        </div>
      )}
      {!bulk && kind === 'files' && <MediaFiles media={media} limit={LIMITS.bulkItems} />}
      {!bulk && kind === 'account' && (
        <div class="row">
          <SelectField
            id="share-account-platform"
            label={tr('console.field.platform')}
            value={accountPlatform}
            onValue={setAccountPlatform}
            options={props.incident.platforms}
            error={err('platformKey')}
          />
          <TextField
            id="share-handle"
            label={tr('console.share.handle')}
            value={handle}
            onValue={setHandle}
            maxLength={LIMITS.handle}
            error={err('handle')}
          />
        </div>
      )}
      {!bulk && kind === 'narrative' && (
        <>
          <TextField
            id="share-narrative-title"
            label={tr('console.share.claim')}
            hint={tr('console.share.claimHint')}
            value={title}
            onValue={setTitle}
            maxLength={LIMITS.narrativeTitle}
            error={err('narrative.title', 'narrative')}
          />
          <TextField
            id="share-narrative-description"
            label={tr('console.share.description')}
            rows={3}
            value={description}
            onValue={setDescription}
            maxLength={LIMITS.narrativeDescription}
            error={err('narrative.description')}
          />
          <div class="row">
            <TextField
              id="share-narrative-keywords"
              label={tr('console.share.keywords')}
              value={keywords}
              onValue={setKeywords}
              error={err('narrative.keywords')}
            />
            <TextField
              id="share-narrative-languages"
              label={tr('console.share.languages')}
              value={languages}
              onValue={setLanguages}
              error={err('narrative.languages')}
              attributes={{ placeholder: 'fr, nl' }}
            />
          </div>
          <TextField
            id="share-narrative-examples"
            label={tr('console.share.examples')}
            rows={3}
            value={examples}
            onValue={setExamples}
            error={err('narrative.examples')}
            attributes={{ spellcheck: false }}
          />
        </>
      )}
      {!bulk && kind !== 'files' && (
        <TechniquesPicker value={techniques} onValue={setTechniques} error={err('techniques')} />
      )}
      {bulk && (
        <TextField
          id="share-bulk"
          label={tr('console.share.bulk')}
          hint={tr('console.share.bulkHint', { max: LIMITS.bulkItems })}
          rows={6}
          value={pasted}
          onValue={setPasted}
          error={err('items')}
          attributes={{ spellcheck: false }}
        />
      )}
      <div class="row">
        <SelectField
          id="share-channel"
          label={tr('console.field.channel')}
          value={channel}
          onValue={setChannel}
          options={CHANNELS}
          term="channel"
          error={err('channel')}
        />
        {channel === 'removal_order' && (
          <TextField
            id="share-legal"
            label={tr('console.share.legal')}
            value={legalReference}
            onValue={setLegalReference}
            maxLength={LIMITS.legalReference}
            error={err('legalReference')}
          />
        )}
      </div>
      <ErrorNote error={form.error} />
      {bulkErrors.length > 0 && (
        <ul class="bulk-errors" aria-label={tr('console.share.refusedLines')}>
          {bulkErrors.slice(0, 50).map((e) => (
            <li key={e.line}>{tr('console.share.line', { line: e.line, message: e.message })}</li>
          ))}
        </ul>
      )}
      {outcome && !form.error && (
        <p class="outcome" role="status">
          {outcome}
        </p>
      )}
      <button type="submit" disabled={form.busy}>
        {form.busy
          ? tr('console.share.sharing')
          : bulk
            ? tr('console.share.all')
            : kind === 'files'
              ? tr('console.share.hashes')
              : tr('console.share.submit')}
      </button>
    </form>
  );
}
