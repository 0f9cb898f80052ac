import { Badge } from '../../ui/forms';

/** Whether an organisation or a member may act, as every admin page shows it. */
export const activeBadge = (active: boolean) => (
  <Badge kind="active" value={active ? 'active' : 'deactivated'} />
);
