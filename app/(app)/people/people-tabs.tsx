"use client";

import { PageColumns } from "@/app/_components/ui/page-shell";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/app/_components/ui/tabs";

/** Both panels stay in the page; below xl only the chosen one shows, from xl up both do, side by side. */
const panel = "data-[state=inactive]:hidden xl:data-[state=inactive]:block";

/**
 * People and teams: side by side from xl up; on narrower screens two tabs, so the teams are one tap
 * away instead of below the whole list of people.
 */
export function PeopleTabs({ people, teams }: { people: React.ReactNode; teams: React.ReactNode }) {
  return (
    <Tabs defaultValue="people">
      <TabsList aria-label="People or teams" className="mb-4 xl:hidden">
        <TabsTrigger value="people">People</TabsTrigger>
        <TabsTrigger value="teams">Teams</TabsTrigger>
      </TabsList>
      <PageColumns
        side={
          <TabsContent value="teams" forceMount className={panel}>
            {teams}
          </TabsContent>
        }
      >
        <TabsContent value="people" forceMount className={panel}>
          {people}
        </TabsContent>
      </PageColumns>
    </Tabs>
  );
}
