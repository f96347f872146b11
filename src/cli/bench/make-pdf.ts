/**
 * Writes small, valid PDF files with a text layer: the bench's 100-page PDF and the tests' PDFs
 * (metadata in the Info dictionary and in XMP, a page tree that loops, no text at all). Plain
 * PDF 1.4 with the standard Helvetica font, so no font file is embedded.
 */
export interface PdfSpec {
  /** Each page's lines of text; an empty list is a page with no text (a scan has none). */
  pages: string[][];
  info?: { title?: string; author?: string; creationDate?: Date };
  /** XMP metadata: dc:title, dc:creator, xmp:CreateDate. */
  xmp?: { title?: string; creator?: string; createDate?: string };
  /** The page tree names itself as a kid: a loop a careless reader follows forever. */
  loopPageTree?: boolean;
}

const escapePdfText = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "?");
const pdfDate = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
const xmlEscape = (s: string) => s.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);

export function makePdf(spec: PdfSpec): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1; // object numbers start at 1
  const catalog = add(""); // filled in below
  const pagesId = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const pageIds: number[] = [];
  for (const lines of spec.pages) {
    const ops = lines.map((line, i) => `BT /F1 11 Tf 72 ${740 - i * 14} Td (${escapePdfText(line)}) Tj ET`).join("\n");
    const content = add(`<< /Length ${Buffer.byteLength(ops)} >>\nstream\n${ops}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  const kids = [...pageIds.map((id) => `${id} 0 R`), ...(spec.loopPageTree ? [`${pagesId} 0 R`] : [])];
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${spec.pages.length + (spec.loopPageTree ? 1 : 0)} >>`;
  let metadataRef = "";
  if (spec.xmp) {
    const x = spec.xmp;
    const xml = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
${x.title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(x.title)}</rdf:li></rdf:Alt></dc:title>` : ""}
${x.creator ? `<dc:creator><rdf:Seq><rdf:li>${xmlEscape(x.creator)}</rdf:li></rdf:Seq></dc:creator>` : ""}
${x.createDate ? `<xmp:CreateDate>${x.createDate}</xmp:CreateDate>` : ""}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
    const meta = add(`<< /Type /Metadata /Subtype /XML /Length ${Buffer.byteLength(xml)} >>\nstream\n${xml}\nendstream`);
    metadataRef = ` /Metadata ${meta} 0 R`;
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R${metadataRef} >>`;
  let infoRef = "";
  if (spec.info) {
    const i = spec.info;
    const fields = [
      i.title ? `/Title (${escapePdfText(i.title)})` : "",
      i.author ? `/Author (${escapePdfText(i.author)})` : "",
      i.creationDate ? `/CreationDate (${pdfDate(i.creationDate)})` : "",
    ].join(" ");
    infoRef = ` /Info ${add(`<< ${fields} >>`)} 0 R`;
  }
  let out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${infoRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
