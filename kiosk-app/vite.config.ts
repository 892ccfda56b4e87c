import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Kiosk and call display are unattended: they update themselves (autoUpdate) and start from the cache offline.
export default defineConfig({
  base: '/kiosk/',
  publicDir: '../public',
  resolve: {
    // The browser never validates payloads (the edge server does): shared schemas need no TypeBox here.
    alias: [{ find: /^@sinclair\/typebox$/, replacement: fileURLToPath(new URL('./src/build/typebox-stub.ts', import.meta.url)) }],
  },
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Lotse Kiosk',
        short_name: 'Lotse',
        lang: 'de',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'fullscreen',
        background_color: '#ffffff',
        theme_color: '#0b4f8a',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // App shell, language packs, fonts (woff2 only), pictograms and the chime: everything an offline kiosk
        // or display needs to start. The QR reader's wasm (~1 MB, online-only feature) is cached on first use.
        globPatterns: ['**/*.{js,css,html,svg,wav,woff2,json}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackDenylist: [/^\/api/, /^\/socket\.io/],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        // Take over the open page at once: a kiosk's first session must already load its lazy chunks from the cache.
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/kiosk/assets/') && url.pathname.endsWith('.wasm'),
            handler: 'CacheFirst',
            options: { cacheName: 'lotse-wasm', expiration: { maxEntries: 4 } },
          },
        ],
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
