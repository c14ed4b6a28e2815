import { getRelease } from "@/server/http/endpoints";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; version: string }> };

export async function GET(request: Request, { params }: Params) {
  const { project, version } = await params;
  return getRelease(runtime().db, request, project, decodeURIComponent(version));
}
