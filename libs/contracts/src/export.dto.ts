import { IsIn, IsOptional } from 'class-validator';

/** The exchange formats an incident's items are exported to and imported from. */
export const EXCHANGE_FORMATS = ['stix', 'misp', 'te'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

export class ExportQuery {
  @IsIn(EXCHANGE_FORMATS)
  format!: ExchangeFormat;
}

/**
 * The body an import may send: more than other routes take, because a MISP event of ten thousand
 * attributes, as MISP writes them (~350 bytes each), is some 4 MB.
 */
export const IMPORT_BODY_BYTES = 8 * 1024 * 1024;

/** Imported items come in as alerts unless said otherwise; a removal order needs its own legal reference. */
export const IMPORT_CHANNELS = ['alert', 'referral'] as const;

export class ImportQuery {
  @IsOptional()
  @IsIn(IMPORT_CHANNELS)
  channel?: (typeof IMPORT_CHANNELS)[number];
}
