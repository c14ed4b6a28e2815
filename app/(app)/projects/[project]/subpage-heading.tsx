import Link from "next/link";
import { ArrowLeft } from "lucide-react";

/** The back link to the board and the heading every page under a project starts with. */
export function SubpageHeading({ project, title }: { project: string; title: string }) {
  return (
    <>
      <p className="text-sm">
        <Link
          href={`/projects/${project}`}
          className="inline-flex items-center gap-1 text-accent-700 hover:underline dark:text-accent-300"
        >
          <ArrowLeft aria-hidden className="size-4" />
          Board
        </Link>
      </p>
      <h1 className="mb-4 mt-1 text-2xl font-semibold tracking-tight">{title}</h1>
    </>
  );
}
