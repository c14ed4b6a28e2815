import { PageHeader } from "@/app/_components/ui/page-shell";

/** The heading every page under a project starts with: the page shell's header, back to the board. */
export function SubpageHeading({
  project,
  title,
  description,
}: {
  project: string;
  title: string;
  description?: React.ReactNode;
}) {
  return <PageHeader back={{ href: `/projects/${project}`, label: "Board" }} title={title} description={description} />;
}
