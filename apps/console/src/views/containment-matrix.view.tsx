import { useEffect, useRef, useState } from 'preact/hooks';
import type { CellView, ItemView } from '@hub/contracts';
import { bankNamesOf, itemLabel } from '../state/incident-state';
import { formatCountdown, openDeadline } from '../state/deadlines';
import { memo } from '../ui/memo';
import { term, tr } from '../language';
import { BankHitBadge } from './bank-hit-badge.view';

/** What one cell shows; computed for every cell each second, rendered again only when it changes. */
function cellText(cell: CellView | undefined, now: number): { text: string; overdue: boolean } {
  if (!cell) return { text: '', overdue: false };
  const deadline = openDeadline(cell, now);
  if (!deadline) return { text: '', overdue: false };
  const time = formatCountdown(deadline.msLeft);
  const text = deadline.kind === 'ack' ? tr('console.cell.ack', { time }) : tr('console.cell.act', { time });
  return { text, overdue: deadline.overdue };
}

const STATUS_SYMBOL: Record<string, string> = {
  pending: '○',
  notified: '◔',
  acknowledged: '◑',
  removed: '●',
  restricted: '◕',
  labelled: '◕',
  demoted: '◒',
  not_found: '∅',
  no_action: '✕',
  clarification_requested: '?',
  cannot_comply: '!',
};

/** Row height in pixels (fixed in the stylesheet too): the matrix renders only the rows in view. */
export const ROW_HEIGHT = 42;
/** Rows rendered above and below the visible ones, so a fast scroll does not show blanks. */
const OVERSCAN = 12;

/**
 * Items × platforms. Each cell shows its status in words and a symbol (colour is never the only signal)
 * and, while a deadline runs, the time left; overdue cells are marked in three ways. Only the rows in
 * view (and a margin) are in the page, so five hundred items cost what twenty do; the table tells
 * assistive technology the full row count and each row's index.
 */
export function ContainmentMatrix(props: {
  items: ItemView[];
  platforms: string[];
  now: number;
  selected?: { itemId: string; platformKey: string } | null;
  onSelect?: (itemId: string, platformKey: string) => void;
  /** The hash banks each item was found in, by name. */
  bankHits?: Record<string, string[]>;
}) {
  const { items, platforms, now } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const element = wrap.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setView({ top: element.scrollTop, height: element.clientHeight || 600 });
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const columns = platforms.length + 2;
  return (
    <div class="matrix-wrap" role="region" aria-label={tr('console.matrix.label')} tabIndex={0} ref={wrap}>
      <table class="matrix" aria-rowcount={items.length + 1} data-items={items.length}>
        <caption class="visually-hidden">
          {tr('console.matrix.caption', { items: items.length, platforms: platforms.length })}
        </caption>
        <colgroup>
          <col class="c-item" />
          <col class="c-channel" />
          {platforms.map((p) => (
            <col class="c-platform" key={p} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{tr('console.field.item')}</th>
            <th scope="col">{tr('console.field.channel')}</th>
            {platforms.map((p) => (
              <th scope="col" key={p}>
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr class="spacer" aria-hidden="true" style={{ height: `${first * ROW_HEIGHT}px` }}>
              <td colSpan={columns} />
            </tr>
          )}
          {items.slice(first, last).map((item, offset) => {
            const texts = platforms.map((p) =>
              cellText(
                item.containment.find((c) => c.platformKey === p),
                now,
              ),
            );
            const selectedPlatform =
              props.selected?.itemId === item.id ? props.selected.platformKey : undefined;
            return (
              <MatrixRow
                key={item.id}
                index={first + offset + 2}
                item={item}
                platforms={platforms}
                label={texts.map((t) => `${t.text}|${t.overdue}`).join(';')}
                texts={texts}
                selectedPlatform={selectedPlatform}
                onSelect={props.onSelect}
                banks={bankNamesOf(props.bankHits, item.id)}
              />
            );
          })}
          {last < items.length && (
            <tr
              class="spacer"
              aria-hidden="true"
              style={{ height: `${(items.length - last) * ROW_HEIGHT}px` }}
            >
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  /** The row's position in the whole table (the header is row 1), for assistive technology. */
  index: number;
  item: ItemView;
  platforms: string[];
  /** The row's displayed countdowns as one string: the row renders again only when it changes. */
  label: string;
  texts: { text: string; overdue: boolean }[];
  selectedPlatform?: string;
  onSelect?: (itemId: string, platformKey: string) => void;
  /** `bankNamesOf` the item: the banks it was found in; empty when none. */
  banks: string;
}

const MatrixRow = memo(
  function MatrixRow(props: RowProps) {
    const { item } = props;
    return (
      <tr data-item={item.id} aria-rowindex={props.index}>
        <th scope="row" class="item-label" title={item.submittedUrl ?? itemLabel(item)}>
          <span class={`kind kind-${item.kind}`}>{term('kind', item.kind)}</span> {itemLabel(item)}
          <BankHitBadge names={props.banks} />
        </th>
        <td class="channel">{term('channel', item.channel)}</td>
        {props.platforms.map((platformKey, index) => {
          const cell = item.containment.find((c) => c.platformKey === platformKey);
          if (!cell)
            return (
              <td key={platformKey} class="cell none" data-platform={platformKey}>
                <span class="visually-hidden">{tr('console.matrix.notConcerned')}</span>
              </td>
            );
          const shown = props.texts[index]!;
          const overdue = shown.overdue;
          const selected = props.selectedPlatform === platformKey;
          return (
            <td
              key={platformKey}
              class={`cell status-${cell.status}${overdue ? ' overdue' : ''}${selected ? ' selected' : ''}`}
              data-platform={platformKey}
              data-status={cell.status}
              data-overdue={overdue ? 'true' : undefined}
            >
              <button
                type="button"
                class="cell-button"
                aria-label={
                  shown.text
                    ? tr('console.matrix.cellLabelTime', {
                        platform: platformKey,
                        status: term('status', cell.status),
                        overdue: overdue ? 'yes' : 'no',
                        time: shown.text,
                      })
                    : tr('console.matrix.cellLabel', {
                        platform: platformKey,
                        status: term('status', cell.status),
                        overdue: overdue ? 'yes' : 'no',
                      })
                }
                onClick={() => props.onSelect?.(item.id, platformKey)}
              >
                <span aria-hidden="true">{STATUS_SYMBOL[cell.status] ?? '·'}</span>{' '}
                {term('status', cell.status)}
                {shown.text && <small class="countdown">{overdue ? `⚠ ${shown.text}` : shown.text}</small>}
              </button>
            </td>
          );
        })}
      </tr>
    );
  },
  (a, b) =>
    a.item === b.item &&
    a.index === b.index &&
    a.label === b.label &&
    a.platforms === b.platforms &&
    a.selectedPlatform === b.selectedPlatform &&
    a.onSelect === b.onSelect &&
    a.banks === b.banks,
);
