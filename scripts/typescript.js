// Loaded before tagih's own code (`node --import ./scripts/typescript.js src/main.ts`).
// Node 22.18+ runs TypeScript itself by stripping the types (tsconfig's
// erasableSyntaxOnly keeps the code strippable): nothing to do, nothing extra
// in memory. Node 20 cannot, so it gets tsx's loader instead.
// https://nodejs.org/api/typescript.html#type-stripping
// https://tsx.is/dev-api/register-esm
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
