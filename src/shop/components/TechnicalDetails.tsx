/**
 * The engine's own words, for developers, behind a collapsed "Technical
 * details" disclosure; the shopper reads a plain sentence beside it.
 */
import type { ReactNode } from 'react';

/**
 * A collapsed `<details>` holding a technical message (an engine error, a URL,
 * a checksum); the text wraps anywhere so it never widens its card.
 * @param text - the message, shown as the engine wrote it.
 * @param testId - `data-testid` of the message.
 * @example <TechnicalDetails text={engine.message} testId="model-error-details" />
 */
export function TechnicalDetails({ text, testId }: { text: string; testId?: string }): ReactNode {
  return (
    <details className="tech-details">
      <summary>Technical details</summary>
      <p className="tech-details__text" data-testid={testId}>
        {text}
      </p>
    </details>
  );
}
