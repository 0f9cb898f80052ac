import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { AppendFunction1763800000001 } from './1763800000001-append-function';

export const MIGRATIONS = [InitialSchema1763800000000, AppendFunction1763800000001];
