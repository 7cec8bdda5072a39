// Shared flat config: typescript-eslint type-checked rules plus the house rules
// from shared/STYLE.md. Each package's eslint.config.js spreads this.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Returns the flat config for a package rooted at `tsconfigRootDir`. */
export function createConfig(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.d.ts', 'fixtures/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': 'error',
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/no-explicit-any': 'error',
        // Handlers are async by contract; a handler that happens not to await is fine.
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      files: ['src/**/*.ts'],
      rules: { 'no-console': 'error' },
    },
    {
      files: ['test/**/*.ts', '*.config.ts', '**/*.test.ts'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
    {
      files: ['**/*.js', '**/*.mjs'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
    },
  );
}
