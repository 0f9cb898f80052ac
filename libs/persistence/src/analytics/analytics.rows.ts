/** One platform's figures as the response-times statement answers them. */
export interface ResponseTimesRow {
  platform_key: string;
  cells: number;
  replied: number;
  median_first: number | null;
  p90_first: number | null;
  median_outcome: number | null;
  p90_outcome: number | null;
  overdue: number;
  /** Cells per status, in the order of CELL_STATUSES. */
  statuses: number[];
}

export interface CountRow {
  key: string;
  count: number;
}

export interface GroupRow {
  grouping: 'category' | 'election';
  key: string;
  incidents: number;
  cells: number;
  replied: number;
  median_first: number | null;
  p90_first: number | null;
}

export interface ElectionHeaderRow {
  id: string;
  name: string;
  participants: string[];
}
