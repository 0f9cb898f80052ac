import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/**
 * The line of the deepest node along `path` that exists in a parsed YAML document (a missing field
 * points at its parent); the document's first line when nothing along the path exists, undefined for an
 * empty document. Used to name the line of a faulty field in protocol files and scenarios.
 */
export function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    const segment = path[depth - 1];
    let offset: number | undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === segment);
      offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    } else if (isSeq(parent) && typeof segment === 'number') {
      const item = parent.items[segment] as { range?: [number, number, number] } | undefined;
      offset = item?.range?.[0];
    }
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  const root = doc.contents?.range?.[0];
  return root === undefined ? undefined : lineCounter.linePos(root).line;
}
