import Link from "next/link";

/** The back link to the board and the heading every page under a project starts with. */
export function SubpageHeading({ project, title }: { project: string; title: string }) {
  return (
    <>
      <p className="text-sm">
        <Link href={`/projects/${project}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Board
        </Link>
      </p>
      <h1 className="mb-4 mt-1 text-2xl font-semibold tracking-tight">{title}</h1>
    </>
  );
}
