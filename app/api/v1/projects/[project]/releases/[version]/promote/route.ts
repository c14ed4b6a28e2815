import { postPromote } from "@/server/http/endpoints";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; version: string }> };

export async function POST(request: Request, { params }: Params) {
  const { project, version } = await params;
  return postPromote(runtime().db, request, project, decodeURIComponent(version));
}
