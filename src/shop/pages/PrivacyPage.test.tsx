import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DataSummary } from '../../engine/api';
import { ActionNote, failed, StoredCard } from './PrivacyPage';
import type { StoredSummary } from './privacy';

const summary = (over: Partial<DataSummary>): DataSummary => ({
  events: 178,
  byType: { impression: 150, click: 20, cart: 5, purchase: 1, ad_impression: 2, ad_click: 0 },
  oldest: Date.UTC(2026, 0, 5),
  newest: Date.UTC(2026, 0, 6),
  skippedRecords: 0,
  unsaved: 0,
  checkpointBytes: 0,
  modelCacheBytes: 2_400_000,
  interests: [
    { tag: 'eco-friendly', score: 0.8 },
    { tag: 'outdoor', score: 0.6 },
  ],
  paused: false,
  retention: { maxAgeDays: 90, maxEvents: 50_000 },
  ...over,
});

const stored = (s: StoredSummary): string => renderToStaticMarkup(<StoredCard load={{ phase: 'ready', summary: s }} />);

describe('"What is stored" on the privacy page', () => {
  it('lists the interests the model reads', () => {
    const html = stored(summary({}));
    expect(html).toContain('>Eco-friendly</a>');
    expect(html).toContain('>Outdoor</a>');
  });

  it('says interests are not read while personalisation is paused, rather than "None yet." over stored events', () => {
    const html = stored(summary({ paused: true, interests: [] }));
    expect(html).toContain('Not read while personalisation is paused.');
    expect(html).not.toContain('None yet.');
  });

  it('says "None yet." for a shopper with nothing the model reads', () => {
    expect(stored(summary({ events: 0, interests: [] }))).toContain('None yet.');
  });

  it('gives the size of the model copy, and words its absence after an erase without "0 bytes"', () => {
    expect(stored(summary({}))).toContain('keeps a 2.3 MB copy of its own model here');
    const erased = stored(summary({ events: 0, interests: [], modelCacheBytes: 0 }));
    expect(erased).toContain('The shop keeps no copy of its own model here now; it saves one on your next visit');
    expect(erased).not.toContain('0 bytes');
  });
});

describe('"What is stored" without the engine', () => {
  it('says the interests need the model rather than "None yet."', () => {
    const html = stored({ ...summary({}), interests: null });
    expect(html).toContain('data-unavailable="true"');
    expect(html).toContain('it isn’t running right now');
    expect(html).not.toContain('None yet.');
    expect(html).toContain('data-count="178"');
  });

  it('keeps a failure’s technical words behind "Technical details"', () => {
    const html = renderToStaticMarkup(
      <StoredCard load={{ phase: 'failed', message: 'Could not open the behaviour store "shop-recommender": VersionError.' }} />,
    );
    expect(html).toContain('could not be read just now');
    expect(html).toMatch(/<details class="tech-details"><summary>Technical details<\/summary><p[^>]*>Could not open the behaviour store/);
  });

  it('says what a failed button did in plain words, with the error behind "Technical details"', () => {
    const error = new Error('Could not erase the stored data: QuotaExceededError.');
    const html = renderToStaticMarkup(<ActionNote action={failed('Erasing did not finish. Reload the page and try again.', error)} testId="erase-note" />);
    expect(html).toMatch(
      /<p class="privacy-card__note privacy-card__note--error" role="status" data-testid="erase-note">Erasing did not finish\. Reload the page and try again\.<\/p>/,
    );
    expect(html).toMatch(
      /<details class="tech-details"><summary>Technical details<\/summary><p[^>]*>Could not erase the stored data: QuotaExceededError\.<\/p>/,
    );
    const done = renderToStaticMarkup(<ActionNote action={{ phase: 'done', message: 'Saved.' }} />);
    expect(done).not.toContain('Technical details');
  });
});
