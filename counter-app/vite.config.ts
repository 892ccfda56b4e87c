import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { vadAssets } from './src/conversation/vadAssetsPlugin.ts';

const appRoot = fileURLToPath(new URL('.', import.meta.url));

// A clerk mid-session must not be reloaded: the counter asks before it updates (registerType 'prompt').
export default defineConfig({
  base: '/counter/',
  publicDir: '../public',
  plugins: [
    react(),
    vadAssets(appRoot, '/counter/'),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Lotse Schalter',
        short_name: 'Schalter',
        lang: 'de',
        start_url: '/counter/',
        scope: '/counter/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b4f8a',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,wav,json}'],
        // The VAD model and ONNX runtime (~13.6 MB) are cached when first used, not precached.
        globIgnores: ['vad/**'],
        // The first page is controlled at once, so the first conversation's VAD files land in the runtime cache
        // (a tablet downloads them once). Updates still wait for the clerk (no skipWaiting).
        clientsClaim: true,
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/counter/vad/'),
            handler: 'CacheFirst',
            // Unhashed names: the cache name carries the versions, so an upgrade starts a fresh cache.
            options: { cacheName: 'lotse-vad-0.0.31-ort-1.22.0', expiration: { maxEntries: 8 }, cacheableResponse: { statuses: [200] } },
          },
        ],
        navigateFallback: '/counter/index.html',
        navigateFallbackDenylist: [/^\/api/, /^\/socket\.io/],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
    }),
  ],
  // vad-web imports 'onnxruntime-web/wasm'; resolve it from this app (1.22.0, matching the wasm we serve).
  resolve: { dedupe: ['onnxruntime-web'] },
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
