import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import { type AddressPolicy, isIpLiteral, whyAddressRefused } from "./addresses.js";

/** Bounds of one HTTP request. */
export interface RequestLimits {
  /** Body bytes after decompression; a larger body is cut off and refused. */
  maxBytes: number;
  /** Until the connection (and TLS) is up. */
  connectMs: number;
  /** Until the response's headers arrive. */
  headersMs: number;
  /** The whole request: a server that trickles a byte a second is dropped here. */
  totalMs: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Why a request failed: `refused` is our own rule (an address, a scheme, a size), not the server's fault. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: "refused" | "timeout" | "network" | "too-large",
  ) {
    super(message);
    this.name = "FetchError";
  }
}

/**
 * A DNS lookup that refuses the host when any of its addresses is not allowed, and hands the
 * connection only the addresses it checked: the address connected to is the address checked, so
 * a name that resolves to a public address once and to 127.0.0.1 the next time gets nowhere.
 */
function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      for (const { address } of addresses) {
        const why = whyAddressRefused(hostname, address, policy);
        if (why) return callback(Object.assign(new FetchError(why, "refused"), { code: "EADDRREFUSED" }), "", 0);
      }
      if (addresses.length === 0) return callback(new FetchError(`${hostname} has no address`, "network"), "", 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * Keep-alive agents, one pair per address policy: a sync fetches hundreds of pages from one host,
 * one after another. A reused socket skips the lookup, so sockets are never shared between two
 * policies (one that allows an address and one that refuses it).
 */
const agentsByPolicy = new WeakMap<AddressPolicy, { "http:": http.Agent; "https:": https.Agent }>();
function agentFor(policy: AddressPolicy, protocol: "http:" | "https:"): http.Agent {
  let agents = agentsByPolicy.get(policy);
  if (!agents) {
    agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 8 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 8 }) };
    agentsByPolicy.set(policy, agents);
  }
  return agents[protocol];
}

/** The body stream, decompressed as the server says it is encoded. */
function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(createGunzip());
  if (encoding === "deflate") return response.pipe(createInflate());
  if (encoding === "br") return response.pipe(createBrotliDecompress());
  return response;
}

/**
 * One GET, no redirects followed: only http and https, every address checked before connecting,
 * bytes counted after decompression (a gzip bomb stops at the limit), and three timeouts.
 */
export function requestOnce(
  url: URL,
  options: { headers: Record<string, string>; limits: RequestLimits; policy: AddressPolicy; signal?: AbortSignal },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return reject(new FetchError(`only http and https links are fetched, not ${url.protocol.replace(/:$/, "")}:`, "refused"));
    }
    if (url.username || url.password) return reject(new FetchError("links with a user name or password are not fetched", "refused"));
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // An IP literal is connected to without a lookup: checked here instead.
    if (isIpLiteral(host)) {
      const why = whyAddressRefused(host, host, options.policy);
      if (why) return reject(new FetchError(why, "refused"));
    }
    const { limits } = options;
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      request.destroy();
      reject(error);
    };
    const module = url.protocol === "https:" ? https : http;
    const request = module.request(url, {
      method: "GET",
      headers: { "accept-encoding": "gzip, deflate, br", ...options.headers },
      agent: agentFor(options.policy, url.protocol as "http:" | "https:"),
      lookup: guardedLookup(options.policy),
      signal: options.signal,
    });
    timers.push(setTimeout(() => fail(new FetchError(`no answer within ${limits.totalMs / 1000} s`, "timeout")), limits.totalMs));
    const headersTimer = setTimeout(
      () => fail(new FetchError(`no response headers within ${limits.headersMs / 1000} s`, "timeout")),
      limits.headersMs,
    );
    timers.push(headersTimer);
    request.on("socket", (socket) => {
      // A reused keep-alive socket is already connected.
      if (!socket.connecting) return;
      const connectTimer = setTimeout(
        () => fail(new FetchError(`could not connect within ${limits.connectMs / 1000} s`, "timeout")),
        limits.connectMs,
      );
      timers.push(connectTimer);
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
    });
    request.on("error", (error: Error & { code?: string }) => {
      if (error instanceof FetchError) return fail(error);
      if (error.name === "AbortError") return fail(new FetchError("the fetch was stopped", "network"));
      fail(new FetchError(networkReason(error), "network"));
    });
    request.on("response", (response) => {
      clearTimeout(headersTimer);
      const length = Number(response.headers["content-length"]);
      const encoded = response.headers["content-encoding"];
      if (!encoded && Number.isFinite(length) && length > limits.maxBytes) {
        return fail(new FetchError(`the response is ${length} bytes, over the ${limits.maxBytes}-byte limit`, "too-large"));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const body = decoded(response);
      body.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          body.destroy();
          return fail(new FetchError(`the response is over the ${limits.maxBytes}-byte limit`, "too-large"));
        }
        chunks.push(chunk);
      });
      body.on("error", (error) => fail(new FetchError(`the response could not be read (${error.message})`, "network")));
      response.on("error", (error) => fail(new FetchError(`the connection broke (${error.message})`, "network")));
      body.on("end", () => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end();
  });
}

/** A short reason for a network error, without a stack. */
function networkReason(error: Error & { code?: string }): string {
  const reasons: Record<string, string> = {
    ENOTFOUND: "the host name does not exist",
    EAI_AGAIN: "the host name could not be looked up",
    ECONNREFUSED: "the server refused the connection",
    ECONNRESET: "the server closed the connection",
    ETIMEDOUT: "the connection timed out",
    EHOSTUNREACH: "the host cannot be reached",
    ENETUNREACH: "the network cannot be reached",
  };
  return (error.code && reasons[error.code]) || `the request failed (${error.code ?? error.message})`;
}
