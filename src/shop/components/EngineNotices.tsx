/** The model panel's notices: what happened to the engine on the way, in words for the shopper first. */
import type { ReactNode } from 'react';
import type { EngineInfo } from '../../engine/api';
import { DEVICE_COPY_NOTE } from '../engineNotes';
import { TechnicalDetails } from './TechnicalDetails';

/**
 * The device-copy fallback in plain words, with the engine's reason (a URL,
 * a checksum) behind "Technical details"; then the recoveries from a lost backend.
 * @param info - the engine's `modelSource` and `notices`.
 * @example <EngineNotices info={engine.info} />
 */
export function EngineNotices({ info }: { info: Pick<EngineInfo, 'modelSource' | 'notices'> }): ReactNode {
  if (info.notices.length === 0) return null;
  // An engine ranking with the device copy starts with that copy's notice, ahead of any recovery.
  const [copy, ...recoveries] = info.modelSource === 'device-copy' ? info.notices : [null, ...info.notices];
  return (
    <div className="model-panel__notices" data-testid="engine-notices" data-count={info.notices.length} role="status">
      {copy ? (
        <div className="model-panel__notice" data-testid="device-copy-notice">
          <p data-testid="device-copy-note">{DEVICE_COPY_NOTE}</p>
          <TechnicalDetails text={copy} testId="device-copy-details" />
        </div>
      ) : null}
      {recoveries.length > 0 ? (
        <ul>
          {recoveries.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
