import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// A clerk mid-session must not be reloaded: the counter asks before it updates (registerType 'prompt').
export default defineConfig({
  base: '/counter/',
  publicDir: '../public',
  plugins: [
    react(),
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
        navigateFallback: '/counter/index.html',
        navigateFallbackDenylist: [/^\/api/, /^\/socket\.io/],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
