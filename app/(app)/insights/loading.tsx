import { OrganisationInsightsSkeleton } from "./insights-skeleton";

export default function Loading() {
  return <OrganisationInsightsSkeleton />;
}
