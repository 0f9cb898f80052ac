import { tr } from '../language';

/**
 * “in bank” beside an item found in a hash bank, wherever items are listed (the room's matrix, the queue):
 * `names` is `bankNamesOf` of the room's state, empty when the item hit no bank.
 */
export function BankHitBadge(props: { names: string }) {
  if (!props.names) return null;
  return (
    <span class="badge bank-hit" title={tr('console.bankHit.title', { names: props.names })}>
      {tr('console.bankHit.badge')}
    </span>
  );
}
