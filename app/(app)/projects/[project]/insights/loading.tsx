import { ProjectInsightsSkeleton } from "@/app/(app)/insights/insights-skeleton";

export default function Loading() {
  return <ProjectInsightsSkeleton />;
}
