import 'reflect-metadata';
import { runMain } from '@hub/platform';
import { HUB_OPTIONS } from './hub.parts';

void runMain(HUB_OPTIONS);
