import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HtmlPresentation } from '@hub/domain';

/**
 * How the API dresses the HTML report: `report.css` beside this file (copied into dist by the build's
 * --copy-files), read once at start-up and inlined into every page, so a saved report stands alone.
 */
export const REPORT_PRESENTATION: HtmlPresentation = {
  stylesheet: readFileSync(join(__dirname, 'report.css'), 'utf8'),
};
