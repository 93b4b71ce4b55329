/** A sleep that `wake()` ends early: background loops idle with it and are woken by new work or stop(). */
export function interruptibleSleep() {
  let wakeUp: (() => void) | null = null;
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      }),
    wake: () => wakeUp?.(),
  };
}
