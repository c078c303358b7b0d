// Types of generate.mjs (for the TypeScript tests).
export declare const ROOT: string;
export declare const OUTPUT: string;
export declare class FormatError extends Error {}
export declare function render(toml: string, pin: { repository: string; tag: string; commit: string }): string;
export declare function format(text: string, path?: string): string;
export declare function generate(root?: string): string;
