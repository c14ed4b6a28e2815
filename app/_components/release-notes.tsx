/**
 * Release notes as rendered on the server by server/render/markdown.ts (raw HTML escaped,
 * unsafe links dropped, nesting bounded): the one renderer behind the release page and
 * the sign-off inbox. Long unbroken words wrap instead of widening the page.
 */
export function ReleaseNotes({ html, className = "" }: { html: string; className?: string }) {
  return (
    <div
      className={`prose-notes min-w-0 break-words [overflow-wrap:anywhere] ${className}`}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
