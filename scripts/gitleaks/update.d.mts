// Types of update.mjs (for the TypeScript tests).
export declare class UpdateError extends Error {}
export declare function update(argv: string[], root?: string): { repository: string; tag: string; commit: string };
