// The clients a browser uses: REST and the incident room (the demo seeding stays with the CLI).
export * from './rest';
export * from './room-client';
