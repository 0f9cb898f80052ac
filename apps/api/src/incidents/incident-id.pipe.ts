import { Injectable, type PipeTransform } from '@nestjs/common';
import { ResolveIncidentUseCase } from '@hub/domain';

/**
 * A path's incident, named by its id or its reference (`GET /incidents/CH-2026-0001`): the handler always
 * receives the id. Who may see the incident is decided by the use case, as for an id.
 */
@Injectable()
export class IncidentIdPipe implements PipeTransform<string, Promise<string>> {
  constructor(private readonly resolve: ResolveIncidentUseCase) {}

  transform(value: string): Promise<string> {
    return this.resolve.execute(value);
  }
}
