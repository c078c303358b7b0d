// Types of extract-examples.mjs (for the TypeScript tests).
export declare class GoSourceError extends Error {}
export declare function decodeGoString(body: string): string;
export interface RuleExamples {
  truePositives: string[];
  falsePositives: string[];
  skipped: { truePositives: number; falsePositives: number };
  paths: {
    truePositives: { path: string; text: string }[];
    falsePositives: { path: string; text: string }[];
  };
}
export declare function extractExamples(src: string): Map<string, RuleExamples>;
