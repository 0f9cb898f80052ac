import type { Category, IncidentMode, PlatformResponseTimesView } from '@hub/contracts';

/**
 * Which cells the response-time figures count. The period is on the incidents' declaration
 * (`incidentsFrom`/`incidentsTo`, the analytics page) or on the cells' creation (`cellsFrom`/`cellsTo`, a
 * day's bulletin: what was flagged that day, whenever its incident was declared). Bounds: from inclusive,
 * to exclusive.
 */
export interface ResponseTimesFilter {
  mode: IncidentMode;
  incidentsFrom?: Date;
  incidentsTo?: Date;
  cellsFrom?: Date;
  cellsTo?: Date;
  electionId?: string;
  category?: Category;
  /** Only closed incidents closed before this time (the public account). */
  closedBefore?: Date;
  /** Overdue is judged at this time for cells still waiting. */
  now: Date;
}

/** An election as the bulletin needs it: who may read it, and its (public) name. */
export interface ElectionHeader {
  id: string;
  name: string;
  participants: string[];
}

/** What a day of an election left in the record, counted under closed vocabularies only. */
export interface BulletinCounts {
  incidentsDeclared: number;
  incidentsWithFlags: number;
  flagsByKind: { key: string; count: number }[];
  flagsByTechnique: { key: string; count: number }[];
  warningsBySeverity: { key: string; count: number }[];
}

/** The figures the public account groups by category and by election. */
export interface GroupFigures {
  key: string;
  incidents: number;
  cells: number;
  replied: number;
  medianFirstReplyMinutes: number | null;
  p90FirstReplyMinutes: number | null;
}

/** Read-only SQL over incidents, cells, items and warnings: aggregates, computed by the database. */
export interface AnalyticsQueries {
  responseTimes(filter: ResponseTimesFilter): Promise<PlatformResponseTimesView[]>;
  election(id: string): Promise<ElectionHeader | null>;
  bulletinCounts(electionId: string, from: Date, to: Date): Promise<BulletinCounts>;
  /** Closed live incidents closed before `closedBefore`, grouped by category and by election (its name). */
  closedGroups(
    closedBefore: Date,
  ): Promise<{ total: number; categories: GroupFigures[]; elections: GroupFigures[] }>;
}
