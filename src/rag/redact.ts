// Shapes of credentials that may reach an error message even when the process was not told
// them (a provider echoing a key, a token pasted into a URL).
const CREDENTIAL_PATTERNS = [
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g,
  /\b(Bearer|Bot)\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  /\b((?:api[_-]?key|token|access_token|secret)=)[^\s&"']{8,}/gi,
];

/** `text` with every known secret and anything shaped like a credential replaced by "[redacted]". */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join("[redacted]");
  for (const pattern of CREDENTIAL_PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string) => (prefix && /=$|\s$/.test(prefix) ? `${prefix}[redacted]` : "[redacted]"));
  }
  return out;
}
