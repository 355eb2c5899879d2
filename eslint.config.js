// Lint rules are on from day one: type-aware typescript-eslint, no `any`, prettier owns formatting.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "bench/.built-targets/",
      ".gt-local/",
      "test-artifacts/",
      "server/sagemaker/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["emulator/**/*.ts"],
    rules: {
      // The domain core stays free of transport concerns (DESIGN §2).
      "no-restricted-imports": ["error", { patterns: ["express", "msw", "**/server/**"] }],
    },
  },
  {
    files: ["test/**/*.ts", "**/*.test.ts"],
    rules: {
      // Tests state what they expect of SDK shapes whose members are all optional in the types.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
  prettier,
);
