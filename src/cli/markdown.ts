/** A markdown table: the header row, its rule, and one row per entry (cells as given). */
export function markdownTable(header: string[], rows: unknown[][]): string[] {
  const line = (cells: unknown[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")).replace(/ /g, ""), ...rows.map(line)];
}
