const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page for a browser whose sign-in ended without a session: what happened and what to do. */
export function signInPage(title: string, message: string, advice: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)} · crisis-hub</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}a{color:#0b57d0}</style></head>
<body><h1>${escape(title)}</h1><p>${escape(message)}.</p><p>${escape(advice)}</p>
<p><a href="/">Back to the sign-in page</a></p></body></html>`;
}
