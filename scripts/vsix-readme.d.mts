// Types of scripts/vsix-readme.mjs for the tests.
export function absoluteLinks(markdown: string, where: { repository: string; ref: string; directory: string }): string;
