import type { ManagedMetrics, MetricsStats } from '@dashtam/metrics-protocol';

/** What `getMetrics()` gives with `METRICS=off`: every call does nothing. */
export class NoopMetrics implements ManagedMetrics {
  count(): void {}
  gauge(): void {}
  timing(): void {}
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  stats(): MetricsStats {
    return { recorded: 0, rejected: 0 };
  }
}
