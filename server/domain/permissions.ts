export const roles = ["admin", "release_manager", "business_owner", "viewer"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: "admin",
  release_manager: "release manager",
  business_owner: "business owner",
  viewer: "viewer",
};

/** Who may do what (README: People, roles and sign-in). The server checks every verb against this table. */
export const permissions = {
  read: ["admin", "release_manager", "business_owner", "viewer"],
  "release.create": ["admin", "release_manager"],
  "release.move": ["admin", "release_manager"],
  "release.override": ["admin"],
  "release.abandon": ["admin", "release_manager"],
  "check.record": ["admin", "release_manager"],
  "deployment.report": ["admin", "release_manager"],
  "task.tick": ["admin", "release_manager"],
  "environment.lock": ["admin", "release_manager"],
  "pipeline.edit": ["admin", "release_manager"],
  "token.manage": ["admin", "release_manager"],
  signoff: ["admin", "business_owner"],
  "user.manage": ["admin"],
  "user.list": ["admin"],
  "team.manage": ["admin"],
  /** The server's counters (/api/metrics): how busy it is, nothing of any project's content. */
  "server.metrics": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/**
 * What a CI token of each scope may do, within its own project only (README: Security). Each
 * scope includes the one before: a deploy report meets the `deployed` gate, so it is not a
 * test reporter's to make.
 */
export const tokenPermissions = {
  report: ["read", "release.create", "check.record"],
  deploy: ["read", "release.create", "check.record", "deployment.report"],
  promote: ["read", "release.create", "check.record", "deployment.report", "release.move"],
} as const satisfies Record<string, readonly Permission[]>;

export type TokenScope = keyof typeof tokenPermissions;
export const tokenScopes = ["report", "deploy", "promote"] as const satisfies readonly TokenScope[];

/** What each scope adds, in the words the CLI and the settings page use. */
export const tokenScopeDescriptions: Record<TokenScope, string> = {
  report: "create releases, post results",
  deploy: "also report deployments",
  promote: "also report deployments and move releases",
};

/** The scopes whose tokens may do `permission`, weakest first (for a refusal that says which is needed). */
export const scopesAllowing = (permission: Permission): TokenScope[] =>
  tokenScopes.filter((scope) => (tokenPermissions[scope] as readonly Permission[]).includes(permission));

export type Actor =
  | { type: "user"; id: string; name: string; role: Role }
  | { type: "token"; id: string; name: string; projectId: number; scope: TokenScope }
  | { type: "system"; id: "system"; name: "Releaseboard" };

export const systemActor: Actor = { type: "system", id: "system", name: "Releaseboard" };

/**
 * May this actor do `permission` (in project `projectId`, for a token)? Given a role
 * alone, whether a person of that role may: what the UI asks to decide which actions to
 * offer (the server asks again with the whole actor).
 */
export function can(who: Actor | Role, permission: Permission, projectId?: number): boolean {
  const actor: Actor = typeof who === "string" ? { type: "user", id: "", name: "", role: who } : who;
  switch (actor.type) {
    case "system":
      return true;
    case "user":
      return (permissions[permission] as readonly Role[]).includes(actor.role);
    case "token":
      return (
        (projectId === undefined || projectId === actor.projectId) &&
        (tokenPermissions[actor.scope] as readonly Permission[]).includes(permission)
      );
  }
}
