// The extension's README as the Marketplace and VS Code's extension view show it: away from the
// repository, so every relative link must become absolute. vsce's own rewrite prefixes
// `…/blob/HEAD/` and keeps `../`, which makes links such as
// `https://github.com/stslint/stslint/blob/HEAD/../../docs/integrations.md` (and ignores
// `repository.directory`). Here each link is resolved against the README's folder in the
// repository and pointed at the release tag of this version, as rule docs links are.

import path from 'node:path';

/** Markdown links and images whose target has no scheme and is not an in-page anchor. */
const LINK = /(!?)\[([^\]]*)\]\(([^)\s]+)\)/g;

/**
 * @param {string} markdown the README
 * @param {{ repository: string; ref: string; directory: string }} where the repository's web
 *   address (https://github.com/owner/name), the git ref the links name, and the README's folder in it
 */
export function absoluteLinks(markdown, { repository, ref, directory }) {
  return markdown.replace(LINK, (whole, image, text, target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return whole;
    const resolved = path.posix.normalize(path.posix.join(directory, target));
    if (resolved.startsWith('..')) throw new Error(`vsix-readme: the link ${target} leaves the repository`);
    // Images are fetched, so their raw bytes; pages are shown.
    return `${image}[${text}](${repository}/${image ? 'raw' : 'blob'}/${ref}/${resolved})`;
  });
}
