/**
 * A few status lines redrawn in place on a terminal (one line per layer of the
 * pipeline), or printed every few seconds when the output is a file or a pipe,
 * so logs of CI runs stay readable.
 */
export class LiveBoard {
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly tty = process.stdout.isTTY === true;

  constructor(private readonly lines: () => readonly string[]) {}

  start(): void {
    this.timer = setInterval(() => this.draw(), this.tty ? 250 : 5000);
    this.draw();
  }

  /** Draws a last time and leaves the lines on screen. */
  stop(): void {
    clearInterval(this.timer);
    this.draw();
    this.drawn = 0;
  }

  /** Prints a message above the board without tearing it. */
  note(message: string): void {
    this.erase();
    console.log(message);
    if (this.timer !== undefined) this.draw();
  }

  private erase(): void {
    if (this.tty && this.drawn > 0) process.stdout.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    const lines = this.lines();
    this.erase();
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    if (this.tty) this.drawn = lines.length;
  }
}
