import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shop/App';
import { CartProvider } from './shop/cart';
import { ShopProvider } from './shop/engine';
import { installScrollMemory } from './shop/router';
import './shop/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root">; the shop mounts there.');

installScrollMemory();
createRoot(root).render(
  <StrictMode>
    <ShopProvider>
      <CartProvider>
        <App />
      </CartProvider>
    </ShopProvider>
  </StrictMode>,
);

// Offline once loaded (public/sw.js). Not in dev, where Vite serves modules that change on every edit.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e: unknown) => console.warn('[shop] offline support is off:', e));
}
