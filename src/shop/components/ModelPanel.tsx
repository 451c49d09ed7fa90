/** The model panel: what the recommender runs on and how it is doing. */
import type { ReactNode } from 'react';
import type { BackendName } from '../../engine/api';
import { useShop } from '../engine';

const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

/** Always rendered in the footer; the header's "Model" link jumps here. */
export function ModelPanel(): ReactNode {
  const { engine } = useShop();
  const info = engine.status === 'ready' ? engine.info : null;
  return (
    <section id="model-panel" className="model-panel" aria-labelledby="model-panel-title" tabIndex={-1}>
      <h2 id="model-panel-title" className="model-panel__title">
        On-device model
      </h2>
      <p className="model-panel__lede">Products and ads are reordered in this browser from what you browse here. Nothing leaves your device.</p>
      <dl className="model-panel__facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className="model-panel__status" data-testid="model-status" data-status={engine.status} role="status">
              <span className={`status-dot status-dot--${engine.status}`} aria-hidden="true" />
              {engine.status === 'loading' ? 'Loading…' : engine.status === 'ready' ? 'Ready' : 'Error'}
            </span>
          </dd>
        </div>
        <div>
          <dt>Backend</dt>
          <dd>
            <span className="badge" data-testid="backend" data-backend={info?.backend ?? ''}>
              {info ? (BACKEND_LABEL[info.backend] ?? info.backend) : engine.status === 'loading' ? 'Starting…' : 'None'}
            </span>
          </dd>
        </div>
        <div>
          <dt>GPU adapter</dt>
          <dd data-testid="adapter">{info?.adapter ?? '—'}</dd>
        </div>
        <div>
          <dt>Model version</dt>
          <dd data-testid="model-version">{info?.modelVersion ?? '—'}</dd>
        </div>
        <div>
          <dt>Last rerank</dt>
          <dd data-testid="last-rank-ms">{info?.lastRankMs != null ? `${info.lastRankMs.toFixed(1)} ms` : '—'}</dd>
        </div>
      </dl>
      {engine.status === 'error' ? (
        <p className="model-panel__error" data-testid="model-error" role="alert">
          {engine.message} The shop keeps working in its default order.
        </p>
      ) : null}
    </section>
  );
}
