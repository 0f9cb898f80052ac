import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LIMITS, type CellStatus, type IncidentView, type ItemView } from '@hub/contracts';
import { canTransition, isOpenForWork } from '@hub/domain';
import { href } from '../hash.router';
import { useSession } from '../session';
import { byDeadline, formatCountdown, queueOf, type QueueEntry } from '../state/deadlines';
import { bankNamesOf, itemLabel, type RoomState } from '../state/incident-state';
import { useIncidentRoom, useNow } from '../state/use-room';
import { Badge, ErrorNote, useLoad, useRefresh } from '../ui/forms';
import { OUTCOME_BUTTONS, sendContainment } from '../state/containment-actions';
import { BankHitBadge } from './bank-hit-badge.view';
import { ListHead } from '../ui/list-head';
import { term, tr } from '../language';

/** How long a newly arrived item stays highlighted. */
const NEW_FOR_MS = 8_000;

interface Row extends QueueEntry {
  incident: IncidentView;
  /** `bankNamesOf` the item: the hash banks it was found in, empty when none. */
  banks: string;
}

/** What each incident's room hands the queue: its items and the banks they were found in. */
interface Feed {
  incident: IncidentView;
  items: ItemView[];
  bankHits: RoomState['bankHits'];
}

/**
 * The liaison's queue: every cell of the liaison's platform in the open incidents it takes part in,
 * soonest deadline first, with one-key answers. New items are announced, highlighted and (if asked) beeped.
 */
export function QueuePage() {
  const session = useSession();
  const platformKey = session.me.organisation.platformKey;
  const incidents = useLoad(() => session.api.incidents(), []);
  // An incident declared after the queue opened joins it within the refresh period.
  useRefresh(incidents.reload);
  const open = (incidents.value?.items ?? []).filter(
    (i) => platformKey && i.platforms.includes(platformKey) && isOpenForWork(i.status),
  );
  const [byIncident, setByIncident] = useState<Record<string, Feed>>({});
  const [fresh, setFresh] = useState<Record<string, number>>({});
  const [announce, setAnnounce] = useState('');
  const [sound, setSound] = useState(false);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const now = useNow(1000);

  const rows: Row[] = useMemo(() => {
    if (!platformKey) return [];
    const all: Row[] = [];
    for (const { incident, items, bankHits } of Object.values(byIncident))
      for (const entry of queueOf(items, platformKey, now))
        all.push({ ...entry, incident, banks: bankNamesOf(bankHits, entry.item.id) });
    return all.sort(byDeadline);
  }, [byIncident, now, platformKey]);

  const [selected, setSelected] = useState(0);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  const current = rows[Math.min(selected, rows.length - 1)];

  const send = async (row: Row, status: CellStatus, needsReason?: boolean) => {
    if (needsReason && !reason.trim()) {
      setError(tr('console.queue.reasonRequired', { status: term('status', status) }));
      reasonInput.current?.focus();
      return;
    }
    setError(null);
    const refused = await sendContainment(
      session,
      row.incident.id,
      row.item.id,
      row.cell.platformKey,
      status,
      needsReason ? reason : undefined,
    );
    if (refused) setError(refused);
    else if (needsReason) setReason('');
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
        return;
      if (e.key === 'j' || e.key === 'ArrowDown') {
        setSelected((s) => Math.min(rows.length - 1, s + 1));
        e.preventDefault();
        return;
      }
      if (e.key === 'k' || e.key === 'ArrowUp') {
        setSelected((s) => Math.max(0, s - 1));
        e.preventDefault();
        return;
      }
      const button = OUTCOME_BUTTONS.find((b) => b.key === e.key.toLowerCase());
      if (button && current && canTransition(current.cell.status, button.status)) {
        e.preventDefault();
        void send(current, button.status, button.reason);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const onNewItem = (incident: IncidentView, item: ItemView) => {
    setFresh((f) => ({ ...f, [`${incident.id}:${item.id}`]: Date.now() }));
    setAnnounce(tr('console.queue.announce', { ref: incident.ref, item: itemLabel(item) }));
    if (soundRef.current) beep();
  };

  if (!platformKey) return <p class="page">{tr('console.queue.onlyLiaison')}</p>;
  return (
    <div class="page queue-page">
      <h1>{tr('console.queue.title', { platform: platformKey })}</h1>
      {open.map((incident) => (
        <IncidentFeed
          key={incident.id}
          incident={incident}
          onItems={(value) => setByIncident((all) => ({ ...all, [incident.id]: value }))}
          onNewItem={onNewItem}
        />
      ))}
      <p class="muted">
        {tr('console.queue.keys')} <kbd>j</kbd>/<kbd>k</kbd> {tr('console.queue.move')},{' '}
        {OUTCOME_BUTTONS.map((b) => (
          <span key={b.key}>
            <kbd>{b.key}</kbd> {b.label.toLowerCase()}{' '}
          </span>
        ))}
        <label class="choice">
          <input type="checkbox" checked={sound} onChange={() => setSound(!sound)} />{' '}
          {tr('console.queue.sound')}
        </label>
      </p>
      <p class="visually-hidden" role="status" aria-live="assertive">
        {announce}
      </p>
      <ErrorNote error={incidents.error} />
      <div class="queue-reason">
        <label for="queue-reason">{tr('console.queue.reason')}</label>
        <input
          id="queue-reason"
          ref={reasonInput}
          value={reason}
          maxLength={LIMITS.reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      {error && (
        <p class="error-note" role="alert">
          {error}
        </p>
      )}
      {incidents.value && rows.length === 0 && (
        <p class="muted">{tr('console.queue.nothing', { platform: platformKey })}</p>
      )}
      <table class="list queue">
        <ListHead
          columns={[
            tr('console.queue.due'),
            tr('console.queue.incident'),
            tr('console.field.item'),
            tr('console.field.channel'),
            tr('console.field.status'),
            tr('console.queue.answer'),
          ]}
        />
        <tbody>
          {rows.map((row, index) => {
            const isNew = (fresh[`${row.incident.id}:${row.item.id}`] ?? 0) > now - NEW_FOR_MS;
            const isSelected = row === current;
            return (
              <tr
                key={`${row.incident.id}:${row.item.id}`}
                data-item={row.item.id}
                data-status={row.cell.status}
                class={`${isSelected ? 'selected' : ''}${isNew ? ' new' : ''}${row.deadline?.overdue ? ' overdue' : ''}`}
                aria-selected={isSelected}
                onClick={() => setSelected(index)}
              >
                <td class="due">
                  {row.deadline ? (
                    <span class={row.deadline.overdue ? 'overdue-text' : ''}>
                      {row.deadline.overdue ? '⚠ ' : ''}
                      {row.deadline.kind === 'ack'
                        ? tr('console.cell.ack', { time: formatCountdown(row.deadline.msLeft) })
                        : tr('console.cell.act', { time: formatCountdown(row.deadline.msLeft) })}
                    </span>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td>
                  <a href={href({ page: 'incident', id: row.incident.id })}>{row.incident.ref}</a>
                </td>
                <td class="item-label">
                  {isNew && <span class="new-tag">{tr('console.queue.new')}</span>} {itemLabel(row.item)}
                  <BankHitBadge names={row.banks} />
                  {row.item.legalReference && <small class="muted"> · {row.item.legalReference}</small>}
                </td>
                <td>{term('channel', row.item.channel)}</td>
                <td>
                  <Badge kind="status" value={row.cell.status} />
                </td>
                <td class="answer">
                  {OUTCOME_BUTTONS.filter((b) => canTransition(row.cell.status, b.status)).map((b) => (
                    <button
                      type="button"
                      key={b.status}
                      class={b.status === 'acknowledged' ? '' : 'secondary'}
                      aria-keyshortcuts={isSelected ? b.key : undefined}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSelected(index);
                        void send(row, b.status, b.reason);
                      }}
                    >
                      {b.label}
                    </button>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Follows one incident’s room and hands its items and bank hits upward; renders nothing. */
function IncidentFeed(props: {
  incident: IncidentView;
  onItems: (value: Feed) => void;
  onNewItem: (incident: IncidentView, item: ItemView) => void;
}) {
  const session = useSession();
  const live = useIncidentRoom(session, props.incident.id);
  const platformKey = session.me.organisation.platformKey;
  useEffect(() => {
    if (live.state)
      props.onItems({
        incident: live.state.incident,
        items: live.state.items,
        bankHits: live.state.bankHits,
      });
  }, [live.state]);
  useEffect(
    () =>
      live.onLive((event) => {
        if (event.type !== 'item.shared') return;
        const cells = ((event.data as { cells?: { platformKey: string }[] }).cells ?? []) as {
          platformKey: string;
        }[];
        if (!cells.some((c) => c.platformKey === platformKey)) return;
        const item = live.state?.items.find((i) => i.id === (event.data as { itemId: string }).itemId);
        props.onNewItem(
          props.incident,
          item ??
            ({
              id: (event.data as { itemId: string }).itemId,
              url: (event.data as { url?: string }).url,
            } as ItemView),
        );
      }),
    [live.state],
  );
  return null;
}

let audio: AudioContext | undefined;
/** A short tone; browsers allow it once the page has had a click, which ticking the box is. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.1;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.15);
  } catch {
    // No audio: the visual cue and the announcement remain.
  }
}
