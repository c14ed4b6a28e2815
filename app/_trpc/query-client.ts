import { defaultShouldDehydrateQuery, MutationCache, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";
import { clearUnavailable, reportUnavailable } from "./unavailable";

export function makeQueryClient() {
  return new QueryClient({
    // A write the server could not make (503, README: Faults) raises one banner for the whole
    // app, besides whatever the form says; the next saved change takes it down.
    mutationCache: new MutationCache({ onError: reportUnavailable, onSuccess: () => clearUnavailable() }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1 },
      dehydrate: {
        serializeData: superjson.serialize,
        // Stream pending prefetches to the client as well as finished ones.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
