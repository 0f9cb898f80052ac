export interface AuditLog {
  /** Recompute every chain; name the first event whose hash or link does not hold. */
  verify(): Promise<{ ok: boolean; checked: number; firstBrokenEventId?: string }>;
}
