/** A release's version from its address; a malformed escape ("50%") names no release, not a server error. */
export function safeDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
