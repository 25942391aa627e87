/**
 * Timers that close() can cancel: a slow-response fault must not keep the process (or a test
 * worker) alive after its simulator has been closed. One Sleeper per simulator, so closing one
 * never hurries the delays of another running in the same process.
 */
export class Sleeper {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Ends every pending sleep early; their requests then find a destroyed socket and stop. */
  wakeAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
