/** Every operation the hub documents at `/docs-json`: what the edge tests walk, so a new route is covered. */
export interface Operation {
  method: string;
  /** As documented, with `{param}` placeholders (`/api/v1/incidents/{id}`). */
  path: string;
  /** `POST /api/v1/incidents/{id}`: how the tests' tables name an operation. */
  key: string;
}

export async function documentedOperations(baseUrl: string): Promise<Operation[]> {
  const res = await fetch(`${baseUrl}/docs-json`);
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  const document = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const upper = method.toUpperCase();
      out.push({ method: upper, path, key: `${upper} ${path}` });
    }
  }
  return out;
}

/** The path with its placeholders filled; a placeholder without a value is an error in the test. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return values[name];
  });
}
