import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseListing, type ListingRequest } from "../../../src/rag/corpus/listing.js";

const request = (overrides: Partial<ListingRequest> = {}): ListingRequest => ({
  contentType: "application/xml",
  url: "https://news.example/feeds/main.xml",
  maxUrls: 50_000,
  maxBytes: 1024 * 1024,
  ...overrides,
});
const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseListing", () => {
  it("GIVEN an Atom feed THEN each entry's alternate link, dates, author and content are read, links made absolute", () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>t</id><updated>2025-06-03T00:00:00Z</updated>
      <entry><title>Bridge</title><id>tag:b</id><link rel="alternate" href="/news/bridge"/><link rel="edit" href="/edit/1"/><updated>2025-06-03T00:00:00Z</updated><published>2025-06-01T00:00:00Z</published><author><name>Ann</name></author><content type="html">&lt;p&gt;Text&lt;/p&gt;</content></entry></feed>`;
    expect(parseListing(bytes(atom), request())).toMatchObject({
      kind: "feed",
      format: "atom",
      items: [
        {
          url: "https://news.example/news/bridge",
          title: "Bridge",
          author: "Ann",
          published: "2025-06-01T00:00:00Z",
          updated: "2025-06-03T00:00:00Z",
          contentHtml: "<p>Text</p>",
        },
      ],
    });
  });

  it("GIVEN a JSON Feed with text content THEN its items are read, the text made into paragraphs", () => {
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "J",
      items: [{ id: "1", url: "https://news.example/j", content_text: "One.\n\nTwo <b>.", date_modified: "2025-06-02" }],
    });
    expect(parseListing(bytes(json), request({ contentType: "application/feed+json" }))).toMatchObject({
      kind: "feed",
      items: [{ url: "https://news.example/j", updated: "2025-06-02", contentHtml: "<p>One.</p><p>Two &lt;b&gt;.</p>" }],
    });
  });

  it("GIVEN a gzipped news sitemap THEN its URLs carry their publication dates, & unescaped", () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example/a?x=1&amp;y=2</loc><news:news><news:publication_date>2025-06-02T09:00:00Z</news:publication_date><news:title>A</news:title></news:news></url></urlset>`;
    expect(parseListing(gzipSync(bytes(xml)), request({ contentType: "application/gzip" }))).toEqual({
      kind: "urlset",
      urls: [{ url: "https://news.example/a?x=1&y=2", lastmod: "2025-06-02T09:00:00Z", title: "A" }],
      dropped: 0,
    });
  });

  it("GIVEN a gzip bomb posing as a sitemap THEN it stops at the byte limit", () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 32));
    expect(parseListing(bomb, request())).toEqual({ kind: "unknown", reason: "it unpacks to more than 1048576 bytes" });
  });

  it("GIVEN more URLs than the limit THEN the first are kept and the rest counted", () => {
    const xml = `<urlset>${Array.from({ length: 12 }, (_, i) => `<url><loc>https://news.example/${i}</loc></url>`).join("")}</urlset>`;
    const listing = parseListing(bytes(xml), request({ maxUrls: 10 }));
    expect(listing).toMatchObject({ kind: "urlset", dropped: 2 });
    expect((listing as { urls: unknown[] }).urls).toHaveLength(10);
  });

  it.each([
    [
      "an HTML page",
      "<!doctype html><html><body><a href='/x#frag'>x</a><a href='mailto:a@b'>m</a><a href='/x'>again</a></body></html>",
      { kind: "page", links: ["https://news.example/x"] },
    ],
    [
      "a declared entity",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss><channel>&e;</channel></rss>',
      { kind: "unknown", reason: expect.stringMatching(/declares entities/) },
    ],
    ["plain text", "hello world", { kind: "unknown", reason: expect.stringMatching(/not a feed/) }],
  ])("GIVEN %s THEN it is read as %j", (_name, text, expected) => {
    expect(parseListing(bytes(text), request())).toMatchObject(expected);
  });
});
