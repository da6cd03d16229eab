// `npx cem analyze --config custom-elements-manifest.config.mjs` writes
// packages/elements/custom-elements.json from the classes' JSDoc; Storybook reads it.

/**
 * The analyzer records `this.dispatchEvent(new PlazaXxxEvent(...))` as an event without a
 * name, next to the named `@event` from the JSDoc; keep only the documented one.
 */
const dropUnnamedDuplicateEvents = {
  name: 'plaza-drop-unnamed-duplicate-events',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        const events = declaration.events;
        if (!events) continue;
        declaration.events = events.filter(
          (event) =>
            event.name || !events.some((other) => other.name && other.type?.text === event.type?.text),
        );
      }
    }
  },
};

export default {
  globs: ['packages/elements/src/**/*.component.ts', 'packages/elements/src/base/plaza-element.ts'],
  exclude: ['**/*.test.ts', '**/test-support/**'],
  outdir: 'packages/elements',
  litelement: true,
  plugins: [dropUnnamedDuplicateEvents],
};
