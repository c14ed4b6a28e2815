import { ActivitySkeleton } from "@/app/(app)/activity/activity-skeleton";

export default function Loading() {
  return <ActivitySkeleton back />;
}
