/**
 * The rules the console shares with the hub, for the browser: the incident and containment machines
 * (which buttons an incident or a cell allows, which answers need a reason, which deadlines are running,
 * how an answer reached the hub in words),
 * the role each kind of organisation gives its members,
 * who sees and does what, and the percentile the charts use. Each is defined once, in the file named here;
 * the hub's own entry (`index.ts`) exports the same definitions.
 *
 * Only framework-free, Node-free code may be exported from here (no fs, Buffer, crypto, Nest or drivers):
 * the console bundles this file as `@hub/domain`, and `browser.spec.ts` bundles it for a browser to prove it.
 */
export * from './incidents/incident.machine';
export * from './incidents/containment.machine';
export * from './incidents/percentile';
export * from './incidents/answer-note';
export { ROLE_OF_KIND } from './identity/membership.rules';
export {
  canSee,
  canUpdateCell,
  canUseChannel,
  canWork,
  visibilityOf,
  WORKING_ROLES,
  type Participation,
  type Subject,
  type Visibility,
} from './access/access.policy';
