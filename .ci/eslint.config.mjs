// ESLint for the whole project (run from the project root: `npm run lint`).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import { designRule } from "./design-rule.mjs";

/**
 * The layers of server/README.md, enforced: for each folder, the imports it must not have.
 * Tests are exempt (they set up through the database and any layer); so is server/testing.
 */
const layer = (name) => ({
  regex: `(^|/)${name}(/|$)`,
  message: `This layer must not import ${name}/ (server/README.md: Layers).`,
});
// Outside server/engine, the engine is reached through its entry file only.
const engineEntry = {
  regex: "(^|/)engine/[a-z-]+$",
  message: "Import the engine from its entry file (server/engine), not its files.",
};

const tests = ["**/*.test.ts", "**/*.test.tsx", "server/testing/**"];
const boundaries = [
  // Pure rules: nothing of ours at all (zod and date libraries are fine).
  [
    "server/domain/**",
    [
      {
        regex: "^(\\.\\./|@/)",
        message: "server/domain is pure: it imports nothing of ours (server/README.md: Layers).",
      },
    ],
  ],
  // A folder inside server/domain (deploy-targets/) may import the rest of server/domain, and nothing else.
  [
    "server/domain/*/**",
    [
      {
        regex: "^(\\.\\./\\.\\./|@/)",
        message: "server/domain is pure: it imports nothing of ours (server/README.md: Layers).",
      },
    ],
  ],
  ["server/engine/**", [layer("http"), layer("trpc"), layer("queries"), layer("services"), layer("cli"), layer("app")]],
  ["server/services/**", [layer("http"), layer("trpc"), layer("queries"), layer("cli"), layer("app"), engineEntry]],
  ["server/queries/**", [layer("services"), layer("http"), layer("trpc"), layer("app"), engineEntry]],
  // Transports: the database only through services and queries (types may cross).
  ["server/http/**", [{ ...layer("db"), allowTypeImports: true }, layer("trpc"), layer("app"), engineEntry]],
  ["server/trpc/**", [{ ...layer("db"), allowTypeImports: true }, layer("app"), engineEntry]],
  ["server/{cli,jobs,demo,live,auth,outbound,render}/**", [engineEntry]],
  // The schema takes its enums from server/domain (pure); nothing else of the server.
  [
    "db/**",
    [
      {
        regex: "(^|/)server/(?!domain/)",
        message: "db/ must not import the server, except the pure enums of server/domain.",
      },
    ],
  ],
].map(([files, patterns]) => ({
  files: [files],
  ignores: tests,
  rules: { "no-restricted-imports": ["error", { patterns }] },
}));

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "db/migrations/**",
      "server/cli/dist/**",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    plugins: { drizzle },
    rules: {
      // An UPDATE or DELETE without WHERE on an audit database is never what was meant.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Client code may import only types from server/, values only from server/domain (pure), nothing from db/.
    files: ["app/**/*.tsx"],
    ignores: ["app/**/page.tsx", "app/**/layout.tsx", "app/_trpc/server.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/db/*", "@/db"], message: "Client components must not touch the database." },
            {
              regex: "^@/server/(?!domain/)",
              message: "Client components import only types from server/ (values from server/domain).",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  ...boundaries,
  {
    // The data-access layer is asynchronous (db/client.ts): a query or write that is not awaited
    // runs out of order with its transaction, or its failure goes unseen. Type-aware, server side.
    files: ["server/**/*.ts", "db/**/*.ts", "app/**/*.ts", "app/**/*.tsx", "bench/**/*.ts", "e2e/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname + "/.." } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // No driver-synchronous calls outside db/: await the builder (db/client.ts: first, rawRows).
    files: ["server/**/*.ts", "app/**/*.ts", "app/**/*.tsx"],
    ignores: tests,
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[arguments.length=0][callee.property.name=/^(all|get|run|sync)$/]",
          message: "Await the drizzle builder instead (db/client.ts: first for one row).",
        },
      ],
    },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/_components/ui/**"],
    plugins: { design: { rules: { "tokens-and-components": designRule } } },
    rules: { "design/tokens-and-components": "error" },
  },
];

export default config;
