// Who to tell when ingest queued events for the consumer (the queued way, decision 0108): this
// process's consumer, when it runs one, so it does not wait out its poll interval. A request that
// applied its events itself wakes nobody: an empty batch per request cost the app more CPU than
// the queue's whole saving. Held on globalThis, like the consumer, so dev reloads share it.
const holder = globalThis as unknown as { meteringQueueWake?: () => void };

export function onEventsQueued(wake: (() => void) | undefined): void {
  holder.meteringQueueWake = wake;
}

export function eventsQueued(): void {
  holder.meteringQueueWake?.();
}
