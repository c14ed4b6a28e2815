import Link from "next/link";

export default function NotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-ink-600 dark:text-ink-400">There is no such project or release here.</p>
      <Link href="/" className="mt-4 inline-block text-accent-700 underline dark:text-accent-300">
        All projects
      </Link>
    </div>
  );
}
