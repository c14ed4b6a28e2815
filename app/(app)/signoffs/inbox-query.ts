/** The release a notification links to (?release=<project>/<version>), shown first when it is waiting. */
export type Highlight = { project: string; version: string } | null;

/** What the inbox asks the server for, a page at a time; the page (server) prefetches the same. */
export const inboxInput = (highlight: Highlight) => ({ first: highlight });
export const inboxPaging = { getNextPageParam: (last: { nextCursor: number | null }) => last.nextCursor };
