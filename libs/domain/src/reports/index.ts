export * from './report.model';
export * from './report.builder';
export * from './report.chart';
export * from './report.render';
export { publicDocument, renderPublicHtml, renderPublicMarkdown } from './public.document';
export * from './report.use-case';
