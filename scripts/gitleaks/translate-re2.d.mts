// Types of translate-re2.mjs (for the TypeScript tests).
export declare class Re2TranslationError extends Error {
  readonly reason: string;
  readonly pattern: string;
  readonly index: number;
}
export declare function translateRe2(pattern: string): { source: string; flags: '' | 'i' };
