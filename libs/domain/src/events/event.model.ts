export interface EventActor {
  memberId: string | null;
  organisationId: string | null;
}

export interface NewEvent {
  type: string;
  actor: EventActor;
  data: Record<string, unknown>;
}

export interface EventRecord {
  id: string;
  incidentId: string;
  seq: number;
  type: string;
  at: Date;
  actor: EventActor;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
