import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shop/App';
import { CartProvider } from './shop/cart';
import { ShopProvider } from './shop/engine';
import './shop/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root">; the shop mounts there.');

createRoot(root).render(
  <StrictMode>
    <ShopProvider>
      <CartProvider>
        <App />
      </CartProvider>
    </ShopProvider>
  </StrictMode>,
);
