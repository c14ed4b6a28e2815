// Liveness: answers as long as the process serves requests; touches nothing else.
export const dynamic = "force-static";

export function GET() {
  return Response.json({ status: "ok" });
}
