// ESLint for the whole project (run from the project root: `npm run lint`).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  { ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**", "server/cli/dist/**"] },
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
    // Client code may import only types from server/ and nothing from db/.
    files: ["app/**/*.tsx"],
    ignores: ["app/**/page.tsx", "app/**/layout.tsx", "app/_trpc/server.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/db/*", "@/db"], message: "Client components must not touch the database." },
            { group: ["@/server/*"], message: "Client components import only types from server/.", allowTypeImports: true },
          ],
        },
      ],
    },
  },
];

export default config;
