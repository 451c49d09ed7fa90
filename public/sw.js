/*
 * The shop's service worker: once the shop has loaded, it keeps working
 * offline, reload included. Only same-origin GETs of the shop's own files go
 * through it: network first (a new deploy is picked up at once), falling
 * back to the last copy. Every page of the shop is the same index.html, so
 * page loads are stored under "/" and no cache key holds the product or
 * category a shopper looked at. Nothing the shopper does is cached here; the
 * model files are verified by the engine whichever way they come.
 */
const CACHE = 'fernhill-shop-v1';

// The build's file list (precache.json): stored at install, so the first visit's files are there offline too.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const list = await (await fetch('/precache.json', { cache: 'no-store' })).json();
        if (Array.isArray(list)) await cache.addAll(list.filter((f) => typeof f === 'string'));
      } catch (error) {
        // Offline support fills up as files are used instead.
        console.warn('[sw] could not store the shop for offline use:', error);
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const key = request.mode === 'navigate' ? '/' : url.pathname;
  if (url.pathname === '/precache.json') return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
        return response;
      } catch (error) {
        const copy = await cache.match(key);
        if (copy) return copy;
        throw error;
      }
    })(),
  );
});
