// Elements that never hold others, or whose end tag HTML lets authors leave out (so counting
// their start tags would make ordinary sloppy pages look deep).
const NOT_NESTING = new Set(
  `area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option optgroup tbody
    thead tfoot colgroup caption rt rp html head body`.split(/\s+/),
);
// Their content is text, not tags.
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "plaintext", "noscript", "iframe", "noembed", "noframes"]);

/**
 * How deeply elements nest in an HTML document, counted by one linear scan of its tags and
 * stopping as soon as it passes `limit`. An estimate (it does not build a tree), made so a page
 * nested thousands deep is refused before a parser spends minutes on it.
 */
export function htmlNestingDepth(html: string, limit: number): number {
  // [^<>]* rather than [^>]*: a "<" with no ">" after it must not make the scan quadratic.
  const tag = /<!--|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (m[0] === "<!--") {
      const close = html.indexOf("-->", tag.lastIndex);
      if (close === -1) break;
      tag.lastIndex = close + 3;
      continue;
    }
    const name = m[2]!.toLowerCase();
    if (NOT_NESTING.has(name)) continue;
    if (m[1]) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (m[3]) continue;
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}`, "ig");
      end.lastIndex = tag.lastIndex;
      const close = end.exec(html);
      if (!close) break;
      tag.lastIndex = close.index;
      continue;
    }
    depth++;
    if (depth > max) max = depth;
    if (max > limit) return max;
  }
  return max;
}
