/**
 * A stable article id from a path relative to the corpus: the path without its extension,
 * lower-cased, with anything but letters, digits, `-` and `/` turned into `-`. Renaming a file
 * changes its id; editing it does not.
 */
export function articleIdFromPath(relativePath: string): string {
  return relativePath
    .replace(/\\/g, "/")
    .replace(/\.[^./]+$/, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, "-")
    .replace(/-*\/-*/g, "/")
    .replace(/^-+|-+$/g, "");
}

/** An id from a jsonl line, kept as given (trimmed) so external ids such as SciFact's survive. */
export function articleIdFromRecord(id: string | number): string {
  return String(id).trim();
}
