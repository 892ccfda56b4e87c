import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Kiosk and call display are unattended: they update themselves (autoUpdate) and start from the cache offline.
export default defineConfig({
  base: '/kiosk/',
  publicDir: '../public',
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
        globPatterns: ['**/*.{js,css,html,svg,wav,woff2,json}'],
        navigateFallback: '/kiosk/index.html',
        navigateFallbackDenylist: [/^\/api/, /^\/socket\.io/],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
