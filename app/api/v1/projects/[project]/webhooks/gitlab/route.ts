import { postGitLab } from "@/server/http/endpoints";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string }> };

export async function POST(request: Request, { params }: Params) {
  return postGitLab(runtime().db, request, (await params).project);
}
