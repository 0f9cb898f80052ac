import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type JSONPath,
  type Node as JsonNode,
  type ParseError,
  type ParseErrorCode,
} from 'jsonc-parser';
import { isScalar, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { DomainError, ERROR_CODES, type ErrorDetail } from '../core/errors';
import { lineOfPath } from '../yaml/yaml-lines';

export type ScenarioContentType = 'yaml' | 'json';
export type FieldPath = readonly (string | number)[];

/** A scenario file read into plain data, with a way back from a field to its line in the text. */
export interface ScenarioSource {
  readonly raw: unknown;
  /** The line of the deepest node along `path` that exists (a missing field points at its parent). */
  lineOf(path: FieldPath): number;
}

/**
 * Reads YAML or JSON. Syntax errors are VALIDATION_FAILED with their lines. JSON is read by jsonc-parser
 * with comments and trailing commas refused (so what is not JSON stays refused), which keeps each
 * node's offset: every field of a JSON scenario is named with its line, as in YAML.
 */
export function readScenarioSource(text: string, contentType: ScenarioContentType): ScenarioSource {
  if (typeof text !== 'string') throw syntaxError([{ line: 1, message: 'the scenario must be text' }]);
  return contentType === 'json' ? readJson(text) : readYaml(text);
}

/**
 * Entries of one mapping, and of one list, beyond which a text is no scenario: checked before any field
 * is, so a text of 30,000 keys costs one refusal instead of a problem (and a line look-up) per key.
 */
export const SCENARIO_SHAPE_LIMITS = { entriesPerMapping: 1_000, entriesPerList: 10_000 } as const;

function readYaml(text: string): ScenarioSource {
  const lineCounter = new LineCounter();
  // The library's own duplicate-key check compares each key with every other one of its mapping (a
  // mapping of 30,000 keys took 17 s of CPU): duplicates are found in one pass below instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const errors = doc.errors.map((e) => ({
    line: lineCounter.linePos(e.pos[0]).line,
    message: `not valid YAML: ${firstLine(e.message)}`,
  }));
  if (errors.length === 0) errors.push(...collectionProblems(doc, lineCounter));
  if (errors.length > 0) throw syntaxError(errors);
  return { raw: plainData(doc), lineOf: (path) => lineOfPath(doc, lineCounter, path) ?? 1 };
}

/** Oversized mappings and lists, and keys repeated within a mapping, in one pass over the document. */
function collectionProblems(doc: Document, lineCounter: LineCounter): { line: number; message: string }[] {
  const problems: { line: number; message: string }[] = [];
  const lineOfNode = (node: YamlNode | unknown) =>
    lineCounter.linePos((node as YamlNode | undefined)?.range?.[0] ?? 0).line;
  const { entriesPerMapping, entriesPerList } = SCENARIO_SHAPE_LIMITS;
  visit(doc, {
    Map(_, map) {
      if (map.items.length > entriesPerMapping) {
        problems.push({
          line: lineOfNode(map),
          message: `a mapping of more than ${entriesPerMapping} entries`,
        });
        return visit.BREAK;
      }
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key === undefined) continue;
        if (seen.has(key))
          problems.push({ line: lineOfNode(pair.key), message: 'not valid YAML: Map keys must be unique' });
        seen.add(key);
      }
      return undefined;
    },
    Seq(_, seq) {
      if (seq.items.length <= entriesPerList) return undefined;
      problems.push({ line: lineOfNode(seq), message: `a list of more than ${entriesPerList} entries` });
      return visit.BREAK;
    },
  });
  return problems;
}

/** The path of the first mapping or list past the limits in plain (JSON) data, walked once. */
function oversized(raw: unknown): { path: FieldPath; message: string } | undefined {
  const { entriesPerMapping, entriesPerList } = SCENARIO_SHAPE_LIMITS;
  const stack: [unknown, FieldPath][] = [[raw, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (Array.isArray(node)) {
      if (node.length > entriesPerList)
        return { path, message: `a list of more than ${entriesPerList} entries` };
      node.forEach((child, i) => stack.push([child, [...path, i]]));
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      if (entries.length > entriesPerMapping)
        return { path, message: `a mapping of more than ${entriesPerMapping} entries` };
      for (const [key, child] of entries) stack.push([child, [...path, key]]);
    }
  }
  return undefined;
}

/**
 * A YAML document as plain data. Aliases expand when read, so a few lines can stand for millions of
 * nodes (the "billion laughs"): the YAML library refuses past its alias budget, and so does the hub, as
 * a refusal of the text rather than a failure of the hub.
 */
function plainData(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    throw syntaxError([{ line: 1, message: `not valid YAML: ${firstLine(error.message)}` }]);
  }
}

function readJson(text: string): ScenarioSource {
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  let raw: unknown;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    raw = tree === undefined ? undefined : getNodeValue(tree);
  } catch (error) {
    // Nesting deep enough to exhaust the stack: a clear refusal rather than no answer.
    if (!(error instanceof RangeError)) throw error;
    throw syntaxError([{ line: 1, message: 'not valid JSON: nested too deeply' }]);
  }
  // The first error only: the ones after it are mostly its consequences.
  const first = errors[0];
  if (first !== undefined) {
    const { line, column } = positionOf(text, first.offset);
    throw syntaxError([
      { line, message: `not valid JSON: ${describeJsonError(first.error)} at column ${column}` },
    ]);
  }
  const lineOf = (path: FieldPath) => (tree === undefined ? 1 : lineOfJsonPath(text, tree, path));
  const tooBig = oversized(raw);
  if (tooBig) throw syntaxError([{ line: lineOf(tooBig.path), message: tooBig.message }]);
  return { raw, lineOf };
}

/** `InvalidSymbol` → `invalid symbol`. */
const describeJsonError = (code: ParseErrorCode): string =>
  printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * As `lineOfPath` does for YAML: the line of the deepest node along `path` that exists (a property at
 * its key, an array entry at its opening), the first line when nothing along the path does.
 */
function lineOfJsonPath(text: string, tree: JsonNode, path: FieldPath): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth) as JSONPath);
    if (node === undefined) continue;
    const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
    return positionOf(text, at).line;
  }
  return positionOf(text, tree.offset).line;
}

function syntaxError(details: (ErrorDetail & { line: number })[]): DomainError {
  return new DomainError(
    ERROR_CODES.VALIDATION_FAILED,
    details.map((d) => `line ${d.line}: ${d.message}`).join('; '),
    details,
  );
}

const firstLine = (message: string): string => message.split('\n')[0];
