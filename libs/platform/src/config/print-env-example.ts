import { envExample } from './config.schema';

process.stdout.write(envExample());
