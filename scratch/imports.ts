for (const m of ["../src/rag/corpus/markdown.js", "../src/rag/corpus/html.js", "../src/rag/corpus/pdf.js", "../src/rag/corpus/docx.js", "../src/rag/corpus/listing.js"]) {
  const t = performance.now(); await import(m); console.log(m, Math.round(performance.now() - t));
}
