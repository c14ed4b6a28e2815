import { ActivitySkeleton } from "./activity-skeleton";

export default function Loading() {
  return <ActivitySkeleton />;
}
