import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import '../stories/stories.css';

// The custom elements manifest describes each element's properties, events and parts to
// Storybook. It is generated (`npx cem analyze --config custom-elements-manifest.config.mjs`);
// a glob import keeps Storybook building before it exists.
const manifests = import.meta.glob<{ default: unknown }>('../packages/elements/custom-elements.json', {
  eager: true,
});
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(manifest.default);

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
  },
};

export default preview;
