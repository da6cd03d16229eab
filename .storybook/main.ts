import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/*.stories.ts'],
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    return {
      ...viteConfig,
      // A public/ folder would overwrite Storybook's own index.html (TOOLCHAIN gotcha 9).
      publicDir: false,
      resolve: {
        ...viteConfig.resolve,
        // Workspace packages resolve to their TypeScript sources.
        conditions: ['plaza-source', ...defaultClientConditions],
      },
    };
  },
};

export default config;
