import { Table } from "@/app/_components/ui/table";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { releaseExists } from "@/server/queries/projects";
import { getEvidence, type Evidence } from "@/server/queries/evidence";
import { requireUser } from "@/app/_auth/current-user";
import { PrintButton } from "./print-button";
import { PageHeader } from "@/app/_components/ui/page-shell";

export const dynamic = "force-dynamic";

type Params = {
  params: Promise<{ project: string; version: string }>;
  searchParams: Promise<{ environment?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Evidence of ${decodeURIComponent((await params).version)}` };
}

const when = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "—");

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <section aria-labelledby={id} className="mt-6 break-inside-avoid">
      <h2 id={id} className="mb-2 border-b border-ink-200 pb-1 text-lg font-semibold dark:border-ink-800">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-ink-600 dark:text-ink-400">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The go-live evidence pack as a printable page (README: Evidence): the same content as the signed JSON. */
export default async function EvidencePage({ params, searchParams }: Params) {
  const { project, version: raw } = await params;
  const version = decodeURIComponent(raw);
  const { environment } = await searchParams;
  await requireUser();
  const db = runtime().db;
  if (!(await releaseExists(db, project, version))) notFound();
  let evidence: Evidence;
  try {
    evidence = await getEvidence(db, project, version, environment);
  } catch (error) {
    return (
      <p role="alert" className="text-sm">
        {error instanceof Error ? error.message : String(error)}.{" "}
        <Link href={`/projects/${project}/releases/${encodeURIComponent(version)}`} className="underline">
          Back to the release
        </Link>
      </p>
    );
  }
  const { release, transition } = evidence;
  return (
    <article className="mx-auto max-w-prose print:max-w-none">
      <PageHeader
        eyebrow={
          <>
            Go-live evidence · {evidence.project.name} · generated {when(new Date().toISOString())}
          </>
        }
        title={
          <>
            <span className="font-mono">{release.version}</span> into {evidence.environment.name}
          </>
        }
        actions={<PrintButton />}
      />

      <Section title="Release">
        <Facts
          rows={[
            [
              "Version",
              <span key="v" className="font-mono">
                {release.version}
              </span>,
            ],
            ["Commit", release.commitSha ? <span className="font-mono">{release.commitSha}</span> : "—"],
            ["Branch", release.branch ?? "—"],
            ["Created", `${when(release.createdAt)} by ${release.createdBy.name}`],
            ["Changes", release.changes.length ? release.changes.map((c) => `${c.id} ${c.title}`).join("; ") : "—"],
          ]}
        />
      </Section>

      <Section title="Go-live">
        <Facts
          rows={[
            ["Transition", `#${transition.id}, ${transition.kind} from ${transition.from ?? "—"}`],
            ["When", when(transition.at)],
            ["By", `${transition.by.name} (${transition.by.type})`],
            ["Reason", transition.reason ?? "—"],
            ["Gates overridden", transition.overriddenGates.length ? transition.overriddenGates.join(", ") : "none"],
          ]}
        />
      </Section>

      <Section title="Approvals">
        <p className="mb-2 text-sm">
          Policy: {evidence.policy.requiredSignoffs} sign-off(s) required
          {evidence.policy.requiredChecks.length > 0 && `; checks ${evidence.policy.requiredChecks.join(", ")}`}.
          Separation of duties: {evidence.separationOfDuties.outcome}
          {evidence.separationOfDuties.details.length > 0 && ` (${evidence.separationOfDuties.details.join("; ")})`}.
        </p>
        {evidence.approvalRules.length > 0 && (
          <ul className="mb-2 text-sm">
            {evidence.approvalRules.map((r) => (
              <li key={r.team}>
                {r.name}: {r.approvedBy.length} of {r.count} ({r.approvedBy.join(", ") || "nobody"}) —{" "}
                {r.met ? "met" : "not met"}
              </li>
            ))}
          </ul>
        )}
        {evidence.approvals.length === 0 ? (
          <p className="text-sm">No sign-offs were given.</p>
        ) : (
          <Table className="w-full text-left text-sm">
            <thead>
              <tr>
                {["Person", "E-mail", "Role", "Teams", "Decision", "Counted", "When", "Comment"].map((h) => (
                  <th key={h} scope="col" className="pr-3 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {evidence.approvals.map((a) => (
                <tr key={`${a.name}${a.at}`} className="border-t border-ink-100 align-top dark:border-ink-800">
                  <td className="pr-3">{a.name}</td>
                  <td className="pr-3">{a.email ?? "—"}</td>
                  <td className="pr-3">{a.role ?? "—"}</td>
                  <td className="pr-3">{a.teams.join(", ") || "—"}</td>
                  <td className="pr-3">{a.decision}</td>
                  <td className="pr-3">{a.decision === "approve" ? (a.counted ? "yes" : "no") : "—"}</td>
                  <td className="pr-3">{when(a.at)}</td>
                  <td>{a.comment ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>

      <Section title="Gates at go-live">
        <ul className="space-y-2 text-sm">
          {evidence.gates.map((g, i) => (
            <li key={i}>
              <strong>{"check" in g ? `Check ${g.check}` : g.gate}</strong>: {g.met ? "met" : "not met"}
              {g.overridden && " (overridden)"}
              {"check" in g && g.evidence && (
                <span className="block text-ink-700 dark:text-ink-300">
                  latest {g.evidence.status} at {when(g.evidence.at)}
                  {g.evidence.tests !== null && `, ${g.evidence.tests} tests, ${g.evidence.failures ?? 0} failing`}
                  {g.evidence.url && ` — ${g.evidence.url}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      </Section>

      <Section title="Deployments">
        {evidence.deployments.length === 0 ? (
          <p className="text-sm">This environment has no deploy target.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {evidence.deployments.map((d, i) => (
              <li key={i}>
                {d.target}: {d.status}, requested {when(d.requestedAt)}
                {d.succeededAt && `, succeeded ${when(d.succeededAt)}`}
                {d.request && ` (request ${d.request.state} after ${d.request.attempts} attempt(s))`}
                {d.url && ` — ${d.url}`}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Chain anchor">
        <p className="mb-2 text-sm">
          {evidence.chain.checkpoint
            ? `Covered by signed checkpoint #${evidence.chain.checkpoint.seq} (${evidence.chain.checkpoint.hash}) of ${when(evidence.chain.checkpoint.at)}.`
            : "No signed checkpoint covers these entries yet."}
        </p>
        <ol className="font-mono text-xs">
          {evidence.chain.entries.map((e) => (
            <li key={e.id} className="break-all">
              #{e.id} {e.kind} {e.hash}
            </li>
          ))}
        </ol>
      </Section>
    </article>
  );
}
