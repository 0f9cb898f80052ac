import { useEffect, useState } from 'preact/hooks';
import { LIMITS, type BankImportAnswer, type BankImportRejection, type BankView } from '@hub/contracts';
import { href } from '../hash.router';
import { ApiError } from '../hub-api.client';
import { useSession } from '../session';
import { Badge, ErrorNote, SelectField, TextField, useLoad, useRefresh, useSubmit } from '../ui/forms';
import { ListHead } from '../ui/list-head';
import { num, tr, when } from '../language';

/** How a file is sent: by its name, and for JSON by its first bytes (a STIX bundle says `"type": "bundle"`). */
async function contentTypeOf(file: File): Promise<string> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (!name.endsWith('.json')) return 'text/plain';
  const head = await file.slice(0, 4096).text();
  return /"type"\s*:\s*"bundle"/.test(head) ? 'application/stix+json' : 'application/json';
}

/** Hits a bank lists at first, the hub's own page (`BANK_HITS_PAGE`); “Show older hits” doubles it. */
const HITS_SHOWN = 20;

const where = (r: BankImportRejection) =>
  r.line !== undefined ? tr('console.banks.line', { line: r.line }) : (r.at ?? '');

/** What an import did, in numbers (the same words for the latest import and one just sent). */
const importCounts = (c: { linesRead: number; added: number; duplicates: number; rejectedCount: number }) =>
  tr('console.banks.importCounts', {
    read: c.linesRead,
    added: c.added,
    duplicates: c.duplicates,
    rejected: c.rejectedCount,
  });

/** The hash banks the member may see: their counts and latest import; a file imported with its progress. */
export function BanksPage() {
  const { api, me } = useSession();
  const banks = useLoad(() => api.banks(), []);
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<'members' | 'participants'>('members');
  const [negative, setNegative] = useState(false);
  const manager = me.member.role === 'admin' || me.member.role === 'coordinator';
  const create = useSubmit(
    () => api.createBank({ name, visibility, ...(negative && { negative }) }),
    () => {
      setName('');
      setNegative(false);
      banks.reload();
    },
  );
  return (
    <div class="page banks-page">
      <h1>{tr('console.nav.banks')}</h1>
      <p class="hint">{tr('console.banks.intro')}</p>
      <ErrorNote error={banks.error} />
      {banks.value && banks.value.items.length === 0 && <p>{tr('console.banks.none')}</p>}
      {banks.value?.items.map((bank) => (
        <BankCard
          key={bank.id}
          bank={bank}
          mayImport={manager || (me.member.role !== 'observer' && me.organisation.id === bank.organisationId)}
          onChanged={banks.reload}
        />
      ))}
      {manager && (
        <form class="card" aria-label={tr('console.banks.create')} onSubmit={create.submit}>
          <h2>{tr('console.banks.create')}</h2>
          <TextField
            id="bank-name"
            label={tr('console.field.name')}
            value={name}
            onValue={setName}
            maxLength={200}
          />
          <SelectField
            id="bank-visibility"
            label={tr('console.banks.visibleTo')}
            value={visibility}
            onValue={(v) => setVisibility(v as 'members' | 'participants')}
            options={[
              { value: 'members', label: tr('console.banks.everyMember') },
              { value: 'participants', label: tr('console.banks.myIncidents') },
            ]}
          />
          <div class="field">
            <label>
              <input
                id="bank-negative"
                type="checkbox"
                checked={negative}
                onChange={(e) => setNegative(e.currentTarget.checked)}
              />{' '}
              {tr('console.banks.negative')}
            </label>
          </div>
          <ErrorNote error={create.error} />
          <button type="submit" disabled={create.busy || !name.trim()}>
            {tr('console.banks.createSubmit')}
          </button>
        </form>
      )}
    </div>
  );
}

function BankCard(props: { bank: BankView; mayImport: boolean; onChanged: () => void }) {
  const { api } = useSession();
  const [bank, setBank] = useState(props.bank);
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<BankImportAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The list gives counts; the bank itself adds its latest import.
  useEffect(() => {
    setBank(props.bank);
    void api.bank(props.bank.id).then(setBank, () => undefined);
  }, [props.bank]);
  // While a file is sent, the bank's latest import says how far the hub has read it.
  useEffect(() => {
    if (!sent) return;
    const timer = setInterval(() => void api.bank(bank.id).then(setBank, () => undefined), 1_000);
    return () => clearInterval(timer);
  }, [sent !== null]);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setResult(null);
    setSent({ sent: 0, total: file.size });
    try {
      const type = await contentTypeOf(file);
      const answer = await api.importBankFile(bank.id, file, type, (s, total) => setSent({ sent: s, total }));
      setResult(answer);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message));
    } finally {
      setSent(null);
      setBank(await api.bank(bank.id).catch(() => bank));
      props.onChanged();
    }
  };
  const latest = bank.latestImport;
  const rejected = result?.rejected ?? latest?.rejected ?? [];
  return (
    <section class="card bank" aria-label={tr('console.banks.label', { name: bank.name })}>
      <h2>
        {bank.name} <Badge kind="visibility" value={bank.visibility} />
        {bank.negative && <Badge kind="bank" value="negative" label={tr('console.banks.benign')} />}
      </h2>
      <p>
        <strong class="signal-count">{num(bank.signalCount)}</strong>{' '}
        {tr('console.banks.signals', { count: bank.signalCount })}
        {' · '}
        {tr('console.banks.within', { distance: bank.maxDistance })}
        {' · '}
        <span class="agreement">{agreementText(bank.agreement)}</span>
        {latest && (
          <>
            {' · '}
            {tr('console.banks.latestImport')} <Badge kind="import" value={latest.state} />{' '}
            {importCounts(latest)}
            {latest.error && ` — ${latest.error}`}
          </>
        )}
      </p>
      {props.mayImport && (
        <div class="field">
          <label for={`import-${bank.id}`}>{tr('console.banks.import')}</label>
          <input
            id={`import-${bank.id}`}
            type="file"
            accept=".txt,.csv,.json,text/plain,text/csv,application/json"
            disabled={sent !== null}
            onChange={(e) => void importFile(e.currentTarget.files?.[0])}
          />
        </div>
      )}
      {sent && (
        <progress
          class="import-progress"
          max={sent.total || 1}
          value={sent.sent}
          aria-label={tr('console.banks.sent')}
        >
          {Math.round((sent.sent / (sent.total || 1)) * 100)}%
        </progress>
      )}
      {result && (
        <p role="status" class="import-result">
          {importCounts(result)}
        </p>
      )}
      <ErrorNote error={error} />
      {rejected.length > 0 && (
        <details open={result !== null}>
          <summary>{tr('console.share.refusedLines')}</summary>
          <ul class="rejected">
            {rejected.map((r, i) => (
              <li key={i}>
                <code>{where(r)}</code> {r.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <QuarantinedSignals bank={bank} onChanged={props.onChanged} />
      <BankHits bank={bank} />
    </section>
  );
}

/** Participants' verdicts on the bank's hits as a rate, with the counts it is made of. */
export function agreementText({ agree, disagree }: BankView['agreement']): string {
  const total = agree + disagree;
  if (total === 0) return tr('console.banks.noFeedback');
  return tr('console.banks.agreement', { rate: agree / total, agree, disagree });
}

/**
 * Signals quarantined for matching too many shares too fast: their hits wait. An admin releases one (the
 * held hits then reach their incidents) or removes it (they never do).
 */
function QuarantinedSignals(props: { bank: BankView; onChanged: () => void }) {
  const { api, me } = useSession();
  const signals = useLoad(() => api.quarantinedSignals(props.bank.id), [props.bank.id]);
  useRefresh(signals.reload);
  const [error, setError] = useState<ApiError | null>(null);
  const admin = me.member.role === 'admin';
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, (e as Error).message));
    }
    signals.reload();
    props.onChanged();
  };
  const items = signals.value?.items ?? [];
  if (items.length === 0 && !error) return null;
  return (
    <section class="quarantined" aria-label={tr('console.banks.quarantinedOf', { name: props.bank.name })}>
      <h3>{tr('console.banks.quarantined')}</h3>
      <p class="hint">{tr('console.banks.quarantinedHint')}</p>
      <ErrorNote error={error} />
      <ul>
        {items.map((s) => (
          <li key={s.id} data-signal={s.id}>
            <code title={s.value}>
              {s.algorithm} {s.value.slice(0, 16)}
            </code>
            {s.label && ` “${s.label}”`}
            {s.quarantinedAt && (
              <small class="muted"> {tr('console.banks.since', { at: when(s.quarantinedAt) })}</small>
            )}
            {admin && (
              <>
                {' '}
                <button type="button" onClick={() => void act(() => api.releaseSignal(props.bank.id, s.id))}>
                  {tr('console.banks.release')}
                </button>{' '}
                <button
                  type="button"
                  class="secondary"
                  onClick={() => void act(() => api.removeSignal(props.bank.id, s.id))}
                >
                  {tr('console.remove')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The bank's latest hits, newest first, in the incidents the member sees (the hub leaves out the others). */
function BankHits(props: { bank: BankView }) {
  const { api } = useSession();
  const [shown, setShown] = useState(HITS_SHOWN);
  const hits = useLoad(() => api.bankHits(props.bank.id, shown), [props.bank.id, shown]);
  // Shares are checked as they come: the list follows without a reload of the page.
  useRefresh(hits.reload);
  const items = hits.value?.items ?? [];
  return (
    <section class="bank-hits" aria-label={tr('console.banks.hitsOf', { name: props.bank.name })}>
      <h3>{tr('console.banks.hits')}</h3>
      <ErrorNote error={hits.error} />
      {hits.value && items.length === 0 && <p class="muted">{tr('console.banks.noHit')}</p>}
      {items.length > 0 && (
        <table class="list">
          <ListHead
            columns={[
              tr('console.audit.when'),
              tr('console.queue.incident'),
              tr('console.field.item'),
              tr('console.banks.signal'),
              tr('console.banks.distance'),
            ]}
          />
          <tbody>
            {items.map((hit) => (
              <tr key={`${hit.itemId}:${hit.signalId}:${hit.at}`} data-item={hit.itemId}>
                <td>
                  <time dateTime={hit.at}>{when(hit.at)}</time>
                </td>
                <td>
                  <a href={href({ page: 'incident', id: hit.incidentId })}>{hit.incidentRef}</a>{' '}
                  <span class="muted">{hit.incidentTitle}</span>
                </td>
                <td>
                  <code title={hit.itemId}>{hit.itemId.slice(0, 8)}</code>
                </td>
                <td class="signal">
                  {hit.algorithm}
                  {hit.label && ` “${hit.label}”`}
                  {hit.sourceRef && <small class="muted"> {hit.sourceRef}</small>}
                </td>
                <td class="distance">{hit.distance}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hits.value?.next && shown < LIMITS.pageSize && (
        <button
          type="button"
          class="secondary"
          onClick={() => setShown(Math.min(LIMITS.pageSize, shown * 2))}
        >
          {tr('console.banks.older')}
        </button>
      )}
    </section>
  );
}
