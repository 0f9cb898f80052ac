import { ADMIN_AUDIT_APPEND_ONLY, ADMIN_AUDIT_NO_UPDATE_TRIGGER } from './admin-audit-append-only.sql';
import { HUB_APPEND_EVENTS } from './hub-append-events.sql';
import {
  INCIDENT_EVENTS_APPEND_ONLY,
  INCIDENT_EVENTS_NO_UPDATE_TRIGGER,
} from './incident-events-append-only.sql';
import { INCIDENTS_KEPT, INCIDENTS_KEPT_TRIGGER } from './incidents-kept.sql';

export {
  ADMIN_AUDIT_APPEND_ONLY,
  ADMIN_AUDIT_NO_UPDATE_TRIGGER,
  HUB_APPEND_EVENTS,
  INCIDENT_EVENTS_APPEND_ONLY,
  INCIDENT_EVENTS_NO_UPDATE_TRIGGER,
  INCIDENTS_KEPT,
  INCIDENTS_KEPT_TRIGGER,
};

/** Every function the migrations define, with today's definition (CREATE OR REPLACE). */
export const SCHEMA_FUNCTIONS: { name: string; definition: string }[] = [
  { name: 'admin_audit_append_only', definition: ADMIN_AUDIT_APPEND_ONLY },
  { name: 'hub_append_events', definition: HUB_APPEND_EVENTS },
  { name: 'incident_events_append_only', definition: INCIDENT_EVENTS_APPEND_ONLY },
  { name: 'incidents_kept', definition: INCIDENTS_KEPT },
];

/** Every trigger the migrations define, with today's definition (CREATE TRIGGER). */
export const SCHEMA_TRIGGERS: { name: string; table: string; definition: string }[] = [
  {
    name: 'incident_events_no_update',
    table: 'incident_events',
    definition: INCIDENT_EVENTS_NO_UPDATE_TRIGGER,
  },
  { name: 'incidents_kept', table: 'incidents', definition: INCIDENTS_KEPT_TRIGGER },
  { name: 'admin_audit_no_update', table: 'admin_audit', definition: ADMIN_AUDIT_NO_UPDATE_TRIGGER },
];
