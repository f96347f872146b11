import { existsSync, readFileSync } from "node:fs";
import { parse } from "dotenv";
import type { Env } from "./env.js";

/**
 * The process environment merged over an optional `.env` file. Real environment variables win,
 * so a deployment can override the file. This module is the only reader of `process.env`.
 */
export function readEnvironment(dotenvPath = ".env"): Env {
  const fromFile = existsSync(dotenvPath) ? parse(readFileSync(dotenvPath)) : {};
  return { ...fromFile, ...process.env };
}
