import { ReleaseSkeleton } from "./release-skeleton";

export default function Loading() {
  return <ReleaseSkeleton />;
}
