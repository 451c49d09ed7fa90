/** The "Your interests" row: the `tags` head's top tags as filter chips. */
import { useEffect, useState, type ReactNode } from 'react';
import type { InterestTag } from '../../engine/api';
import { isPaused, useShop } from '../engine';
import { capitalise } from '../format';
import { homePath, Link, PRIVACY_PATH } from '../router';

/** How many tags the row asks the model for. */
const TOP_K = 5;

/**
 * Chips link to the home grid filtered by that tag; the active one links back.
 * Without an engine (it failed to start) there are no interests to read, and
 * no promise that they will show up: the row is left out.
 */
export function Interests({ activeTag }: { activeTag: string | null }): ReactNode {
  const { recommender, engine } = useShop();
  const [tags, setTags] = useState<InterestTag[] | null>(null);

  useEffect(() => {
    if (!recommender) return;
    let live = true;
    recommender.interests(TOP_K).then(
      (t) => live && setTags(t),
      (e: unknown) => {
        console.warn('[shop] interests failed:', e);
        if (live) setTags([]);
      },
    );
    return () => {
      live = false;
    };
  }, [recommender]);
  // Erased here or in another tab: the chips were read from the erased behaviour.
  useEffect(() => recommender?.subscribe((e) => e.type === 'erased' && setTags([])), [recommender]);

  if (engine.status === 'error') return null;
  // Until the first answer, say we are working on it.
  const waiting = tags === null;
  let body: ReactNode;
  if (waiting) {
    body = <p className="interests__hint">Getting to know your taste…</p>;
  } else if (tags && tags.length > 0) {
    body = (
      <ul className="chips">
        {tags.map(({ tag, score }) => {
          const active = tag === activeTag;
          return (
            <li key={tag}>
              <Link
                to={active ? homePath() : homePath(tag)}
                className="chip"
                data-testid="interest-tag"
                data-tag={tag}
                data-score={score.toFixed(3)}
                aria-current={active ? 'true' : undefined}
                title={active ? 'Show everything' : `Show ${tag} picks`}
              >
                {capitalise(tag)}
                {active ? (
                  <span aria-hidden="true" className="chip__x">
                    ×
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    );
  } else if (isPaused(engine)) {
    body = (
      <p className="interests__hint">
        Personalisation is paused. <Link to={PRIVACY_PATH}>Turn it back on</Link>
      </p>
    );
  } else {
    body = <p className="interests__hint">Nothing yet — browse a few products and the things you like will show up here.</p>;
  }
  return (
    <section className="interests" aria-labelledby="interests-title">
      <h2 id="interests-title" className="interests__title">
        Your interests
      </h2>
      <div className="interests__body">{body}</div>
    </section>
  );
}
