import { expect, it } from "vitest";
import { loadConfig } from "./config";

const postgres = { DATABASE_URL: "postgres://rb:pw@db.example.com:5432/rb", AUTH_SECRET: "x".repeat(40) };

it("reads the Postgres pool's size and wait, with defaults", () => {
  expect(loadConfig(postgres)).toMatchObject({ databasePoolSize: 10, databasePoolWaitS: 10 });
  expect(loadConfig({ ...postgres, DATABASE_POOL_SIZE: "40", DATABASE_POOL_WAIT_S: "3" })).toMatchObject({
    databasePoolSize: 40,
    databasePoolWaitS: 3,
  });
});

it("refuses a pool wait that is not a whole number of seconds from 1 to 300, naming the setting", () => {
  for (const wait of ["0", "301", "1.5", "soon"])
    expect(() => loadConfig({ ...postgres, DATABASE_POOL_WAIT_S: wait })).toThrow(
      /DATABASE_POOL_WAIT_S must be a whole number of seconds from 1 to 300/,
    );
});
