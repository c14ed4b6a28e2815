// ESLint for the whole project (run from the project root: `npm run lint`).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

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

/**
 * The design language (README.md "Design language"): pages use the tokens of app/globals.css and the
 * components of app/_components/ui/, never their own. Outside app/_components/ui/ this refuses
 * Tailwind's palette classes (`bg-red-700`, `text-gray-500`: the palette is switched off anyway),
 * hex colours (`bg-[#fff]`, `"#1e293b"`), and page-local copies of the components: a raw
 * <dialog> or <table>, a hand-made skeleton (`animate-pulse`), and sonner or Radix imported directly.
 */
const palette =
  /(?:^|[\s:"'`])(?:[a-z-]+:)*(?:bg|text|border(?:-[trblxy])?|ring|ring-offset|outline|fill|stroke|divide|from|via|to|decoration|accent|caret|placeholder|shadow)-(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)-\d{2,3}\b/;
const hex = /\[#[0-9a-fA-F]{3,8}\]|^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const ownElements = { dialog: "Dialog", table: "Table" };
const ownImports = {
  sonner: "ui/toast",
  "radix-ui": "the ui/ component",
  "radix-ui/": "the ui/ component",
  "@radix-ui/": "the ui/ component",
};
const designRule = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const check = (node, text) => {
      if (typeof text !== "string") return;
      if (palette.test(text))
        context.report({ node, message: "Raw palette colour: use a token of app/globals.css (ink, accent, status…)." });
      else if (hex.test(text.trim()))
        context.report({ node, message: "Raw hex colour: use a token of app/globals.css." });
      else if (/(?:^|\s)animate-pulse\b/.test(text))
        context.report({ node, message: "A page-local skeleton: use Skeleton from app/_components/ui." });
    };
    return {
      Literal: (node) => check(node, node.value),
      TemplateElement: (node) => check(node, node.value.cooked),
      JSXOpeningElement(node) {
        const name = node.name.type === "JSXIdentifier" ? node.name.name : null;
        if (name && ownElements[name])
          context.report({
            node,
            message: `A page-local <${name}>: use ${ownElements[name]} from app/_components/ui.`,
          });
      },
      ImportDeclaration(node) {
        const source = node.source.value;
        const hit = Object.keys(ownImports).find((k) => source === k || (k.endsWith("/") && source.startsWith(k)));
        if (hit) context.report({ node, message: `Import ${ownImports[hit]} from app/_components/ui, not ${source}.` });
      },
    };
  },
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
