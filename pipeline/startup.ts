/** Runs `start` steps in order; if one fails, stops what the earlier ones started, last first. */
export class Startup {
  private readonly stops: (() => Promise<void>)[] = [];

  async add<T>(start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
    const value = await start();
    this.stops.push(() => stop(value));
    return value;
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.reverse()) await stop().catch(() => {});
    this.stops.length = 0;
  }
}
