export * from './pdq.ports';
export * from './pdq.matcher';
export * from './match-item.use-case';
export * from './hash-match.use-case';
export * from './dihedral';
export * from './pdq-index/pdq.index';
