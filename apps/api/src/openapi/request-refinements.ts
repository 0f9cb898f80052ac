import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  AddSignalsDto,
  BANK_ALGORITHMS,
  BANK_LIMITS,
  BulkShareDto,
  LIMITS,
  ShareItemDto,
} from '@hub/contracts';

let refined = false;

/**
 * The few request properties whose shape the class-validator decorators cannot say: arrays whose entries
 * are checked one by one later, so that one bad entry is refused by index without sinking the others.
 * Each is described here once, before the validators' description, which then leaves it alone.
 */
export function refineRequestSchemas(): void {
  if (refined) return;
  refined = true;
  ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath(ShareItemDto) },
    maxItems: LIMITS.bulkItems,
    description:
      'Shares, each validated as `POST /incidents/{id}/items` would be: a bad one is answered by index.',
  })(BulkShareDto.prototype, 'items');
  ApiProperty({
    type: 'array',
    maxItems: BANK_LIMITS.signalsPerRequest,
    items: {
      type: 'object',
      properties: {
        algorithm: { type: 'string', enum: [...BANK_ALGORITHMS] },
        value: { type: 'string', maxLength: LIMITS.url },
        quality: { type: 'integer', minimum: 0, maximum: 100 },
        label: { type: 'string', maxLength: BANK_LIMITS.label },
        sourceRef: { type: 'string', maxLength: BANK_LIMITS.sourceRef },
      },
      required: ['algorithm', 'value'],
    },
    description: 'Each signal is checked on its own: a bad one is answered in `rejected` by index.',
  })(AddSignalsDto.prototype, 'signals');
}
