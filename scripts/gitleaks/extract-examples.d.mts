// Types of extract-examples.mjs (for the TypeScript tests).
export declare class GoSourceError extends Error {}
export declare function decodeGoString(body: string): string;
export interface RuleExamples {
  truePositives: string[];
  falsePositives: string[];
  skipped: { truePositives: number; falsePositives: number };
}
export declare function extractExamples(src: string): Map<string, RuleExamples>;
