import type { Category, IncidentLevel } from '@hub/contracts';
import type { ExerciseRunRecord, ScenarioRecord } from '@hub/domain';

export interface ScenarioRow {
  id: string;
  name: string;
  category: Category;
  level: IncidentLevel;
  source: string;
  content_type: ScenarioRecord['contentType'];
  parsed: ScenarioRecord['parsed'];
  created_by: string | null;
  created_at: Date;
}

export interface ExerciseRunRow {
  id: string;
  scenario_id: string;
  incident_id: string | null;
  status: ExerciseRunRecord['status'];
  speed: number;
  started_at: Date;
  paused_at: Date | null;
  /** bigint, as a string. */
  paused_ms: string;
  fired: ExerciseRunRecord['fired'];
  cast_binding: ExerciseRunRecord['cast'];
  score: ExerciseRunRecord['score'];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}
