import { useState } from 'preact/hooks';
import { tr } from '../language';

/** The hub's answer as the console's REST client gives it: parsed JSON, or the text of anything else. */
export interface Answer {
  status: number;
  body: unknown;
}

/** The file a download is saved as. */
export interface DownloadFile {
  name: string;
  type: string;
}

/**
 * Saves an answer as a file. The hub wants the member's bearer token, which a plain link cannot carry, so
 * the console fetches with it and hands the browser a blob instead.
 */
export function saveAnswer(answer: Answer, file: DownloadFile): void {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([body], { type: file.type }));
  link.download = file.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A download button's action: fetch, then save, or an error naming what could not be made. */
export function useDownload() {
  const [error, setError] = useState<Error | null>(null);
  const download = async (what: string, fetch: () => Promise<Answer>, file: DownloadFile) => {
    setError(null);
    let answer: Answer;
    try {
      answer = await fetch();
    } catch {
      setError(new Error(tr('console.download.unreachable', { what })));
      return;
    }
    if (answer.status >= 400) {
      setError(new Error(tr('console.download.failed', { what, status: answer.status })));
      return;
    }
    saveAnswer(answer, file);
  };
  return { error, download };
}
