/** The list of sources kept in sync, at the corpus folder's top (see sources/source-list.ts). */
export const SOURCES_FILE = "sources.yaml";

/**
 * Files beside the articles that are not articles: documentation, the sources list, and
 * anything whose name (or a folder's) starts with a dot (`.footnote/` holds the sync state).
 */
export function isReservedPath(relativePath: string, sep: string): boolean {
  const parts = relativePath.split(sep);
  const name = parts.at(-1) ?? "";
  return parts.some((p) => p.startsWith(".")) || /^readme\.(md|txt)$/i.test(name) || relativePath === SOURCES_FILE;
}
