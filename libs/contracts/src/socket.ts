import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ANSWER_CHANNELS, CELL_STATUSES, type AnswerChannel, type CellStatus } from './enums';
import type { CellView } from './item.dto';
import type { EventView } from './incident.dto';
import type { WarningAcknowledgedEvent, WarningView } from './elections/election.dto';
import { LIMITS } from './limits';

export { HIDDEN_EVENT_TYPE, MAX_REPLAY_PER_JOIN, ROOM_NAMESPACE } from './room';

export class JoinIncidentPayload {
  @IsUUID()
  incidentId!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  sinceSeq?: number;
}

export class LeaveIncidentPayload {
  @IsUUID()
  incidentId!: string;
}

export class SocketContainmentPayload {
  @IsUUID()
  incidentId!: string;

  @IsUUID()
  itemId!: string;

  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/)
  platformKey!: string;

  @IsIn(CELL_STATUSES)
  status!: CellStatus;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reason)
  reason?: string;

  /** As `POST .../containment/:platformKey`: how the platform answered, and who said it. */
  @IsOptional()
  @IsIn(ANSWER_CHANNELS)
  via?: AnswerChannel;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reportedBy)
  reportedBy?: string;
}

export class SocketMessagePayload {
  @IsUUID()
  incidentId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.text)
  text!: string;
}

export interface SocketError {
  statusCode: number;
  message: string;
  code?: string;
  /**
   * What went wrong in the socket's language (the handshake's `auth.language`, else its Accept-Language),
   * when it names one of the hub's; `code` and the English `message` stay as they are, for programs.
   */
  localizedMessage?: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: SocketError };

export interface PresenceView {
  incidentId: string;
  members: { memberId: string; organisationId: string; displayName: string }[];
}

/** Events the hub sends in the incident room. */
export interface ServerToClientEvents {
  'incident:event': (event: EventView) => void;
  presence: (presence: PresenceView) => void;
  /** To every socket of a receiving organisation's members, joined to nothing. */
  'election:warning': (warning: WarningView) => void;
  /** To every socket of the issuing organisation's members. */
  'election:warning_acknowledged': (event: WarningAcknowledgedEvent) => void;
}

/** Events a client sends; each answers through its acknowledgement callback. */
export interface ClientToServerEvents {
  'incident:join': (
    payload: JoinIncidentPayload,
    ack: (answer: Ack<{ lastSeq: number; replayedTo: number; more: boolean }>) => void,
  ) => void;
  'incident:leave': (payload: LeaveIncidentPayload, ack: (answer: Ack) => void) => void;
  'containment:update': (
    payload: SocketContainmentPayload,
    ack: (answer: Ack<{ cell: CellView }>) => void,
  ) => void;
  'message:post': (payload: SocketMessagePayload, ack: (answer: Ack<{ message: EventView }>) => void) => void;
}
