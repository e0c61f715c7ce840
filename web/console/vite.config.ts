import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The console is served by usulan-web from the same origin as the API, so the build
// has no base path and no dev proxy settings baked in. `npm run dev` expects a
// usulan-web on the same origin (see docs/console.md).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    sourcemap: false,
    // No inline scripts or styles: usulan-web's CSP forbids them.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        manualChunks: {
          react: ["react", "react-dom", "react-router-dom"],
          mantine: ["@mantine/core", "@mantine/hooks"],
          protobuf: ["@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-web"],
        },
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
