/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal: piped or redirected output
 * stays clean. Lines written through it (results, notes) clear the bar first so they never interleave.
 */
export class ProgressBar {
  private doneCount = 0;
  private current = '';
  private lastDraw = 0;
  private readonly tty = !!process.stderr.isTTY;

  constructor(private readonly total: number) {}

  /** A result for stdout. */
  write(text: string): void {
    this.clear();
    process.stdout.write(text);
    this.draw(true);
  }

  /** A line for stderr (a file that could not be hashed). */
  note(line: string): void {
    this.clear();
    process.stderr.write(`${line}\n`);
    this.draw(true);
  }

  tick(path: string): void {
    this.doneCount++;
    this.current = path;
    this.draw(true);
  }

  /** Progress measured in units other than items (bytes sent): where it stands now. */
  at(done: number, text: string): void {
    this.doneCount = Math.min(done, this.total);
    this.current = text;
    this.draw(false);
  }

  detail(text: string): void {
    this.current = text;
    this.draw(false);
  }

  done(): void {
    this.clear();
  }

  private clear(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    if (!this.tty || this.total === 0) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((this.doneCount / this.total) * width);
    const columns = process.stderr.columns || 80;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.doneCount}/${this.total} ${this.current}`;
    process.stderr.write(`\r\x1b[K${line.slice(0, columns - 1)}`);
  }
}
