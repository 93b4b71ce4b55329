import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".next-*/**", ".data/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // Layers (docs/decisions/0088-layers-and-the-import-check.md): code under lib/ other than the
    // HTTP layer imports neither it nor what sits above it. scripts/import-graph.ts checks the
    // whole graph in `npm run lint`; this rule flags the import in the editor.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/api/**", "lib/openapi/**", "lib/auth/auth-route.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/api", "@/lib/api/*", "../api", "../api/*", "../../api", "../../api/*"],
              message: "lib/api is the HTTP layer: throw ApiError from @/lib/errors/api-error; context types are in @/lib/access.",
            },
            {
              group: ["@/lib/openapi", "@/lib/openapi/*", "../openapi", "../openapi/*", "../../openapi/*"],
              message: "lib/openapi documents the HTTP layer: domain code does not import it.",
            },
            { group: ["@/app/*", "@/components/*"], message: "lib/ sits below pages, route handlers and components." },
          ],
        },
      ],
    },
  },
];

export default config;
