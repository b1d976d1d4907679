import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'course',
    include: ['test/**/*.test.ts'],
  },
});
