"use client";

import { ErrorState } from "./_components/states";

export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState error={error} retry={reset} />;
}
