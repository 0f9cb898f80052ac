/**
 * The layer rules of docs/architecture.md, checked in `npm test` (`npm run deps`): the domain is framework-free
 * and imports only contracts, media hashing, the message catalogues (libs/i18n) and itself; persistence never reaches up into the platform or
 * the apps; libs/testing serves tests only; and no import cycle anywhere.
 */
const TESTS = '(\\.spec\\.ts$|\\.e2e-spec\\.ts$|^test/|^bench/)';
const FRAMEWORKS = '(^|node_modules/)(@nestjs|typeorm|pg|pg-[a-z-]+|bullmq|ioredis|socket\\.io[a-z-]*|express|@socket\\.io)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: give the types both sides share a home of their own.',
      from: { path: '^(libs|apps)/' },
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-contracts-and-media-hash',
      severity: 'error',
      comment:
        'libs/domain is the rules, framework-free: it imports libs/contracts, libs/media-hash, libs/i18n and itself.',
      from: { path: '^libs/domain/src/', pathNot: TESTS },
      to: { path: '^(libs/(persistence|platform|client|testing)|apps)/' },
    },
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      from: { path: '^libs/domain/src/', pathNot: TESTS },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'contracts-import-no-other-package',
      severity: 'error',
      from: { path: '^libs/contracts/src/' },
      to: { path: '^(libs/(domain|persistence|platform|client|testing|media-hash|i18n)|apps)/' },
    },
    {
      name: 'persistence-never-platform-or-apps',
      severity: 'error',
      from: { path: '^libs/persistence/src/', pathNot: TESTS },
      to: { path: '^(libs/(platform|client|testing)|apps)/' },
    },
    {
      name: 'testing-only-in-tests',
      severity: 'error',
      comment: 'libs/testing serves tests (specs, test/, bench/) only.',
      from: { path: '^(libs|apps)/', pathNot: ['^libs/testing/', TESTS] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'i18n-imports-only-contracts',
      severity: 'error',
      comment: 'libs/i18n (catalogues and formatting) runs in the browser and the server: it imports only contracts.',
      from: { path: '^libs/i18n/src/', pathNot: TESTS },
      to: { path: '^(libs/(domain|persistence|platform|client|testing|media-hash)|apps)/' },
    },
    {
      name: 'media-hash-is-standalone',
      severity: 'error',
      from: { path: '^libs/media-hash/src/' },
      to: { path: '^(libs/(contracts|domain|persistence|platform|client|testing)|apps)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
