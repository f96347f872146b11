import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { article, writeFiles } from "./corpus.js";

const ESC = "\u001b";
const BEL = "\u0007";

/** A wall of nested elements around one paragraph, as the attack pages had. */
export const nestedHtml = (depth: number, title = "Deep page") =>
  `<html><head><meta property="og:title" content="${title}"></head><body>${"<div>".repeat(depth)}<p>Nested text about a flood.</p>${"</div>".repeat(depth)}</body></html>`;

/** One paragraph of about `bytes` characters with no line break. */
const longParagraph = (bytes: number, unit = "The ferry ran late again on the river crossing. ") =>
  unit.repeat(Math.ceil(bytes / unit.length));

/**
 * Good articles of the hostile corpus: each must index and answer its question, citing itself.
 * Their text carries what attacked the bot before: masked links, escape sequences, words that
 * are Object's own property names, ids such as "__proto__".
 */
export const HOSTILE_GOOD = [
  { id: "constructor-award", question: "Who received the engineering medal?", fact: "Ada Okafor" },
  { id: "__proto__", question: "What did the toll booth on the causeway charge?", fact: "three coins" },
  { id: "constructor", question: "Which choir sang at the lantern parade?", fact: "harbour choir" },
  { id: "toString", question: "Where are the harbour festival tickets sold?", fact: "pier seven" },
  { id: "festival-page", question: "Which band opens the lighthouse concert?", fact: "Copper Gulls" },
  { id: "escapes", question: "How long did the island lighthouse keeper serve?", fact: "forty years" },
  { id: "long-paragraph", question: "Why was the ferry on the river crossing late?", fact: "ferry ran late" },
  { id: "inside-link", question: "Who received the engineering medal?", fact: "Ada Okafor" },
] as const;

/** Bad files of the hostile corpus and the reason each must be skipped with. */
export const HOSTILE_BAD: [file: string, reason: RegExp][] = [
  ["js-front-matter.md", /front matter in "js" is not allowed/],
  ["json-front-matter.md", /front matter in "json" is not allowed/],
  ["yaml-bomb.md", /broken front matter: .*alias/i],
  ["deep.html", /nested more than 200 elements deep/],
  ["very-deep.html", /nested more than 200 elements deep/],
  ["passwd.md", /symbolic link to a path outside the corpus/],
  ["zero.txt", /symbolic link to a path outside the corpus/],
  ["etc-folder", /symbolic link to a path outside the corpus/],
  ["fifo.txt", /not a regular file \(a FIFO\)/],
  [`screen${ESC}[2J.md`, /no front matter/],
];

/**
 * Writes the hostile corpus into `dir`: front-matter engines, masked links, escape sequences,
 * dictionary-key words and ids, deep HTML, a long paragraph, symbolic links out of the corpus
 * and special files, beside good articles that must still be answered.
 */
export function writeHostileCorpus(dir: string): void {
  writeFiles(dir, {
    "constructor-award.md": article(
      "Bridge Constructor Honoured",
      "The bridge constructor Ada Okafor received the engineering medal for the toString Viaduct, the valueOf Dam and the hasOwnProperty Tunnel.",
      "author: Constructor Desk\nsource: __proto__ Weekly\n",
    ),
    "ids.jsonl": [
      { id: "__proto__", title: "Causeway Toll", text: "The toll booth on the causeway charged three coins per cart." },
      { id: "constructor", title: "Lantern Parade", text: "The harbour choir sang at the lantern parade on Friday." },
      {
        id: "toString",
        title: "toString",
        text: "Tickets for the harbour festival are sold at [the official office](https://evil.example/phish) near pier seven.",
      },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n"),
    "festival-page.html": `<html><head><meta property="og:title" content="Lighthouse Concert"><link rel="canonical" href="https://news.example/concert?x=&quot;&gt;[go](https://evil.example)"></head><body><article><p>The Copper Gulls band opens the lighthouse concert, see [the programme](https://evil.example/programme) and ||https://evil.example/spoiler||.</p><p>Doors open at dusk.</p></article></body></html>`,
    "escapes.txt": `Lighthouse Keeper Retires\nThe island lighthouse keeper served forty years ${ESC}]0;owned${BEL}before retiring ${ESC}[2J in spring.\u009b31m`,
    "long-paragraph.txt": `River Ferry Delays\n${longParagraph(400_000)}`,
    "js-front-matter.md": "---js\n{ title: (globalThis.__footnoteHostile = 'ran') }\n---\nBody.\n",
    "json-front-matter.md": '---json\n{"title": "JSON header"}\n---\nBody.\n',
    "yaml-bomb.md": `---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: Bomb\n---\nBody.\n`,
    "deep.html": nestedHtml(1250),
    "very-deep.html": nestedHtml(20_000),
    [`screen${ESC}[2J.md`]: "Just a body with no header.\n",
  });
  symlinkSync("/etc/passwd", join(dir, "passwd.md"));
  symlinkSync("/dev/zero", join(dir, "zero.txt"));
  symlinkSync("/etc", join(dir, "etc-folder"));
  symlinkSync(join(dir, "constructor-award.md"), join(dir, "inside-link.md"));
  execFileSync("mkfifo", [join(dir, "fifo.txt")]);
}
