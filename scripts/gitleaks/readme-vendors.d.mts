export const README: string;
export const START: string;
export const END: string;
export function vendorOf(id: string): string | undefined;
export function renderBlock(toml: string, tag: string): string;
export function readmeWithVendors(root?: string): string;
