export const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);
