/** The failures the endpoint can be told to produce. */
export const FaultKind = {
  /** 400 ThrottlingException "Rate exceeded". */
  Throttle: 'throttle',
  /** 500 ServiceUnavailableException. */
  ServerError: 'server_error',
  /** The socket is destroyed without an answer. */
  Drop: 'drop',
  /** The answer is held back for `delayMs`, then given normally. */
  Slow: 'slow',
  /** The answer is held back until `release()` is called, then given normally (no timing involved). */
  Hold: 'hold',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** One fault rule: applies to the next `count` matching requests, or until `durationMs` has passed. */
export interface FaultRule {
  readonly kind: FaultKind;
  /** How many requests it applies to. @default unlimited while the window lasts */
  readonly count?: number;
  /** How long it lasts from now, in ms. @default unlimited while the count lasts */
  readonly durationMs?: number;
  /** For `slow`: how long the answer is held. @default 1000 */
  readonly delayMs?: number;
  /** Only these operations (e.g. `['PutLogEvents']`). @default all */
  readonly operations?: readonly string[];
}

interface ActiveRule extends FaultRule {
  remaining: number;
  until: number;
}

/** The fault rules in force; the first matching rule applies. */
export class FaultInjector {
  #rules: ActiveRule[] = [];
  #clock: () => number;
  #held: (() => void)[] = [];

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  /** Adds a rule. With neither `count` nor `durationMs` it lasts until `clear()`. */
  inject(rule: FaultRule): void {
    if (!Object.values(FaultKind).includes(rule.kind)) {
      throw new Error(
        `Unknown fault kind ${JSON.stringify(rule.kind)}: expected one of ${Object.values(FaultKind).join(', ')}`,
      );
    }
    this.#rules.push({
      ...rule,
      remaining: rule.count ?? Number.POSITIVE_INFINITY,
      until: rule.durationMs === undefined ? Number.POSITIVE_INFINITY : this.#clock() + rule.durationMs,
    });
  }

  /** Removes every rule and releases every held answer. */
  clear(): void {
    this.#rules = [];
    this.release();
  }

  /** Lets every answer held by a `hold` rule go. */
  release(): void {
    const held = this.#held;
    this.#held = [];
    for (const resolve of held) resolve();
  }

  /** Resolves when {@link FaultInjector.release} is called (the server awaits it for `hold`). */
  waitForRelease(): Promise<void> {
    return new Promise((resolve) => this.#held.push(resolve));
  }

  /** The fault for this request, if any (and counts it). */
  take(operation: string): FaultRule | undefined {
    const now = this.#clock();
    this.#rules = this.#rules.filter((r) => r.remaining > 0 && r.until > now);
    const rule = this.#rules.find((r) => r.operations === undefined || r.operations.includes(operation));
    if (rule === undefined) return undefined;
    rule.remaining--;
    return rule;
  }
}
