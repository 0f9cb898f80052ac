export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export const isUniqueViolation = (error: unknown): boolean => pgCode(error) === '23505';
