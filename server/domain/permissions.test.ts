import { describe, expect, it } from "vitest";
import { can, permissions, roles, type Permission } from "./permissions";

describe("can(role, permission): what the UI asks before offering an action", () => {
  it("answers for a role exactly as for a person of that role", () => {
    for (const role of roles) {
      for (const permission of Object.keys(permissions) as Permission[]) {
        expect(can(role, permission), `${role} ${permission}`).toBe(
          can({ type: "user", id: "u", name: "U", role }, permission),
        );
      }
    }
  });

  it("offers sign-off to business owners and admins, moves to release managers and admins, overrides to admins", () => {
    expect(roles.filter((r) => can(r, "signoff"))).toEqual(["admin", "business_owner"]);
    expect(roles.filter((r) => can(r, "release.move"))).toEqual(["admin", "release_manager"]);
    expect(roles.filter((r) => can(r, "release.override"))).toEqual(["admin"]);
    expect(roles.filter((r) => can(r, "read"))).toEqual([...roles]);
  });
});
