import { expect, it } from "vitest";
import { can, permissions, roles, type Permission } from "./permissions";

it("answers for a role alone as for a person of that role, which is what the UI asks", () => {
  for (const role of roles) {
    for (const permission of Object.keys(permissions) as Permission[]) {
      expect(can(role, permission)).toBe(can({ type: "user", id: "u1", name: "U", role }, permission));
    }
  }
  expect(can("viewer", "release.move")).toBe(false);
  expect(can("business_owner", "signoff")).toBe(true);
  expect(can("release_manager", "release.override")).toBe(false);
  expect(can("admin", "release.override")).toBe(true);
});
