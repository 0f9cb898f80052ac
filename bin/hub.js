#!/usr/bin/env node
// `npx hub`: runs the built command line (`npm install` builds it).
require('../dist/apps/cli/src/main.js');
