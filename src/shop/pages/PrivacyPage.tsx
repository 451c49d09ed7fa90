/**
 * "Your data": what the engine keeps about the shopper in this browser, a
 * download of all of it, erase, and a pause switch for personalisation.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { DataExport, Recommender } from '../../engine/api';
import { errorMessage } from '../../engine/errors';
import { EVENT_TYPES, type EventType } from '../../engine/events/types';
import { useCart } from '../cart';
import { TechnicalDetails } from '../components/TechnicalDetails';
import { useShop } from '../engine';
import { ENGINE_DOWN_NOTE } from '../engineNotes';
import { capitalise, SHOP_NAME } from '../format';
import { homePath, Link } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';
import {
  eraseWithoutEngine,
  exportFileName,
  exportWithoutEngine,
  formatBytes,
  formatDay,
  modelCopyNote,
  listenToOtherTabs,
  setPausedWithoutEngine,
  summaryWithoutEngine,
  type ExportWithoutEngine,
  type StoredSummary,
} from './privacy';

const TYPE_LABEL: Record<EventType, string> = {
  impression: 'Products shown to you',
  click: 'Products you opened',
  cart: 'Added to cart',
  purchase: 'Purchases',
  ad_impression: 'Sponsored products shown',
  ad_click: 'Sponsored products opened',
};

/** The data summary, as the page has it. */
export type Load = { phase: 'loading' } | { phase: 'ready'; summary: StoredSummary } | { phase: 'failed'; message: string };
/** A failed action says in plain words what happened and what to do (`message`); the engine's words are in `detail`. */
export type Action = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; message: string } | { phase: 'failed'; message: string; detail: string };

/** The failed state of an action: the shopper's sentence and the error's own words. */
export const failed = (message: string, e: unknown): Action => ({ phase: 'failed', message, detail: errorMessage(e) });

/** Keeps a component's async answers from landing after it unmounted. */
function useLive(): { current: boolean } {
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  return live;
}

/**
 * The summary `read` gives, asked again by `refresh()`. Only the latest
 * answer lands: an older one answering late (say, from before an erase) must
 * not overwrite a newer one.
 */
function useSummary(read: () => Promise<StoredSummary>): { load: Load; refresh: () => void } {
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const live = useLive();
  const latest = useRef(0);
  const refresh = useCallback(() => {
    const ask = ++latest.current;
    const current = (): boolean => live.current && ask === latest.current;
    read().then(
      (summary) => current() && setLoad({ phase: 'ready', summary }),
      (e: unknown) => current() && setLoad({ phase: 'failed', message: errorMessage(e) }),
    );
  }, [read, live]);
  return { load, refresh };
}

/** The page at `/privacy`. */
export function PrivacyPage(): ReactNode {
  useDocumentTitle('Your data');
  const { engine, recommender } = useShop();
  const info = engine.status === 'ready' ? engine.info : null;
  const checkpoint = engine.status === 'ready' ? engine.fineTune.checkpoint?.savedAt : undefined;
  return (
    <div className="privacy">
      <header className="privacy__head">
        <h1>Your data on this device</h1>
        <p className="privacy__lede">
          {SHOP_NAME} learns what you like from what you do here — and all of it stays in this browser. Nothing about your browsing is sent to us or anyone
          else. See what is kept, take a copy, erase it, or switch personalisation off.
        </p>
      </header>
      {engine.status === 'loading' ? (
        <p className="privacy__status" role="status">
          <span className="spinner" aria-hidden="true" /> Opening the on-device store…
        </p>
      ) : null}
      {recommender ? <WithEngine recommender={recommender} paused={info?.paused ?? false} checkpoint={checkpoint} /> : null}
      {engine.status === 'error' ? <EngineDown message={engine.message} /> : null}
    </div>
  );
}

/** The cards, through the running engine. */
function WithEngine({ recommender, paused, checkpoint }: { recommender: Recommender; paused: boolean; checkpoint: number | undefined }): ReactNode {
  const read = useCallback(() => recommender.dataSummary(), [recommender]);
  const { load, refresh } = useSummary(read);
  // Erases, from this page or another tab; an export's note describes data that is gone after one.
  const [erasures, setErasures] = useState(0);
  // Again whenever the engine says something changed (another tab paused or erased, a round ended).
  useEffect(refresh, [refresh, paused, checkpoint]);
  useEffect(
    () =>
      recommender.subscribe((event) => {
        if (event.type !== 'erased') return;
        setErasures((n) => n + 1);
        refresh();
      }),
    [recommender, refresh],
  );
  const setPaused = useCallback((next: boolean) => recommender.setPaused(next), [recommender]);
  const exportData = useCallback(() => recommender.exportData(), [recommender]);
  // The page hears of the erase through the engine's `erased` event, as from another tab.
  const erase = useCallback(() => recommender.eraseData(), [recommender]);
  return (
    <>
      <PauseCard paused={paused} setPaused={setPaused} onChange={refresh} popular={recommender.popularity() !== null} running />
      <StoredCard load={load} />
      <div className="privacy__actions">
        <ExportCard read={exportData} erasures={erasures} />
        <EraseCard erase={erase} events={load.phase === 'ready' ? load.summary.events : null} />
      </div>
    </>
  );
}

const ERASED = 'Erased. Nothing about your browsing is left in this browser, and your cart is empty.';

// Called with no arguments: each reads the engine's own database.
const readWithoutEngine = (): Promise<StoredSummary> => summaryWithoutEngine();
const exportDataWithoutEngine = (): Promise<ExportWithoutEngine> => exportWithoutEngine();
const eraseDataWithoutEngine = (): Promise<void> => eraseWithoutEngine();

/**
 * The engine did not start (say, the model files failed and no copy is kept).
 * The shopper's data does not need the model: the same cards read, export,
 * pause and erase it straight from IndexedDB; only the interests are missing.
 */
function EngineDown({ message }: { message: string }): ReactNode {
  const { load, refresh } = useSummary(readWithoutEngine);
  const [erasures, setErasures] = useState(0);
  // Known once read; the switch shows nothing it does not know.
  const [paused, setPaused] = useState<boolean | null>(null);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    if (load.phase === 'ready') setPaused(load.summary.paused);
  }, [load]);
  const pause = useCallback(async (next: boolean) => {
    await setPausedWithoutEngine(next);
    setPaused(next);
  }, []);
  // No engine tells this page of an erase: it counts and reads again itself.
  const erased = useCallback(() => {
    setErasures((n) => n + 1);
    refresh();
  }, [refresh]);
  // A pause or an erase in another tab reaches this one, which has no engine to hear it.
  useEffect(
    () =>
      listenToOtherTabs((m) => {
        if (m.type === 'paused') setPaused(m.paused);
        else erased();
      }),
    [erased],
  );
  return (
    <>
      <section className="privacy-card privacy-card--notice" aria-labelledby="engine-down-title" data-testid="engine-down">
        <h2 id="engine-down-title">Personal sorting is not running</h2>
        <p className="privacy-card__text" data-testid="engine-down-note">
          {ENGINE_DOWN_NOTE} This page still lists what is stored, and you can take a copy, pause personalisation or erase it; only the interests the model
          reads need it running.
        </p>
        <TechnicalDetails text={message} testId="engine-down-details" />
      </section>
      {paused !== null ? <PauseCard paused={paused} setPaused={pause} onChange={refresh} popular={false} running={false} /> : null}
      <StoredCard load={load} />
      <div className="privacy__actions">
        <ExportCard read={exportDataWithoutEngine} erasures={erasures} withoutModel />
        <EraseCard erase={eraseDataWithoutEngine} events={load.phase === 'ready' ? load.summary.events : null} onErased={erased} />
      </div>
    </>
  );
}

export function ActionNote({ action, testId }: { action: Action; testId?: string }): ReactNode {
  const text = action.phase === 'done' || action.phase === 'failed' ? action.message : '';
  return (
    <>
      <p className={`privacy-card__note${action.phase === 'failed' ? ' privacy-card__note--error' : ''}`} role="status" data-testid={testId}>
        {text}
      </p>
      {action.phase === 'failed' ? <TechnicalDetails text={action.detail} testId={testId ? `${testId}-details` : undefined} /> : null}
    </>
  );
}

/**
 * The pause switch; remembered across visits (the engine reads it when it
 * starts) and told to the other tabs.
 * @param popular - a paused page shows what shoppers click most (the engine's default order), not the shop's own order.
 * @param running - the engine runs; without it nothing is ordered for the shopper or stored, paused or not.
 */
function PauseCard({
  paused,
  setPaused,
  onChange,
  popular,
  running,
}: {
  paused: boolean;
  setPaused: (paused: boolean) => Promise<void>;
  onChange: () => void;
  popular: boolean;
  running: boolean;
}): ReactNode {
  const [action, setAction] = useState<Action>({ phase: 'idle' });
  const live = useLive();
  const titleId = useId();
  const hintId = useId();
  const busy = action.phase === 'busy';
  const toggle = (): void => {
    if (busy) return;
    const next = !paused;
    setAction({ phase: 'busy' });
    setPaused(next).then(
      () => {
        if (!live.current) return;
        setAction({ phase: 'idle' });
        onChange();
      },
      (e: unknown) => live.current && setAction(failed('The setting could not be changed just now, so it stays as it was. Try again, or reload the page.', e)),
    );
  };
  return (
    <section className="privacy-card privacy-card--switch" aria-labelledby={titleId}>
      <div className="privacy-card__body">
        <h2 id={titleId}>Personalisation</h2>
        <p id={hintId} className="privacy-card__text">
          {paused
            ? `Paused. Nothing you do is stored, and every page shows ${popular ? 'what shoppers click most, the same for everyone' : 'the shop’s own order'}. Already stored data stays until you erase it.`
            : running
              ? 'On. Pages are ordered for you from what you browse here, and the model fine-tunes itself on this device.'
              : 'On, but personal sorting isn’t available right now, so nothing new is stored. When it is back, pages are ordered for you from what you browse here, unless you pause it.'}
        </p>
        <ActionNote action={action} />
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={!paused}
        aria-labelledby={titleId}
        aria-describedby={hintId}
        className="switch"
        data-testid="pause-personalisation"
        data-paused={String(paused)}
        onClick={toggle}
        // Not `disabled` while the engine answers: that would drop the keyboard focus the switch holds.
        aria-disabled={busy}
      >
        <span className="switch__track" aria-hidden="true">
          <span className="switch__thumb" />
        </span>
        <span className="switch__label">{paused ? 'Paused' : 'On'}</span>
      </button>
    </section>
  );
}

/** Counts, dates, interests and sizes. */
export function StoredCard({ load }: { load: Load }): ReactNode {
  const titleId = useId();
  let body: ReactNode;
  if (load.phase === 'loading') body = <p className="privacy-card__text">Counting…</p>;
  else if (load.phase === 'failed')
    body = (
      <>
        <p className="privacy-card__note privacy-card__note--error" data-testid="data-failed">
          What is stored in this browser could not be read just now. Reload the page to try again.
        </p>
        <TechnicalDetails text={load.message} />
      </>
    );
  else {
    const s = load.summary;
    body = (
      <>
        <dl className="privacy-facts">
          <div>
            <dt>Events</dt>
            <dd data-testid="data-events" data-count={s.events}>
              {s.events.toLocaleString()}
            </dd>
          </div>
          <div>
            <dt>Oldest</dt>
            <dd data-testid="data-oldest">{s.oldest !== null ? formatDay(s.oldest) : '—'}</dd>
          </div>
          <div>
            <dt>Newest</dt>
            <dd data-testid="data-newest">{s.newest !== null ? formatDay(s.newest) : '—'}</dd>
          </div>
          <div>
            <dt>Fine-tuned weights</dt>
            <dd data-testid="data-checkpoint" data-bytes={s.checkpointBytes}>
              {s.checkpointBytes > 0 ? formatBytes(s.checkpointBytes) : 'None'}
            </dd>
          </div>
        </dl>
        <table className="privacy-table">
          <caption className="visually-hidden">Stored events by type</caption>
          <tbody>
            {EVENT_TYPES.map((t) => (
              <tr key={t}>
                <th scope="row">{TYPE_LABEL[t]}</th>
                <td data-testid={`data-type-${t}`} data-count={s.byType[t]}>
                  {s.byType[t].toLocaleString()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="privacy-interests">
          <h3>Interests the model reads from this</h3>
          {s.paused ? (
            <p className="privacy-card__text" data-testid="data-interests" data-paused="true">
              Not read while personalisation is paused.
            </p>
          ) : s.interests === null ? (
            <p className="privacy-card__text" data-testid="data-interests" data-unavailable="true">
              Only the model can read them, and it isn’t running right now.
            </p>
          ) : s.interests.length > 0 ? (
            <ul className="chips" data-testid="data-interests">
              {s.interests.map(({ tag }) => (
                <li key={tag}>
                  <Link to={homePath(tag)} className="chip">
                    {capitalise(tag)}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="privacy-card__text" data-testid="data-interests">
              None yet.
            </p>
          )}
        </div>
        {s.skippedRecords > 0 ? (
          <p className="privacy-card__note" data-testid="data-skipped" data-count={s.skippedRecords}>
            {s.skippedRecords.toLocaleString()} damaged or unknown {s.skippedRecords === 1 ? 'record was' : 'records were'} found and skipped; erasing removes{' '}
            {s.skippedRecords === 1 ? 'it' : 'them'} too.
          </p>
        ) : null}
        {s.unsaved > 0 ? (
          <p className="privacy-card__note privacy-card__note--error" data-testid="data-unsaved">
            This browser’s storage is full: {s.unsaved.toLocaleString()} recent {s.unsaved === 1 ? 'event waits' : 'events wait'} in memory and will be saved
            when there is room.
          </p>
        ) : null}
        <p className="privacy-card__fine">
          Kept for {s.retention.maxAgeDays} days and at most {s.retention.maxEvents.toLocaleString()} events; older ones are deleted automatically.{' '}
          {modelCopyNote(s.modelCacheBytes)}
        </p>
      </>
    );
  }
  return (
    <section className="privacy-card" aria-labelledby={titleId} aria-busy={load.phase === 'loading'}>
      <h2 id={titleId}>What is stored</h2>
      {body}
    </section>
  );
}

/**
 * Downloads everything as one JSON file, with the cart's lines.
 * @param read - the engine's export, or one read without it.
 * @param withoutModel - the engine is not running: the file lacks what needs the model, and says so.
 */
function ExportCard({
  read,
  erasures,
  withoutModel = false,
}: {
  read: () => Promise<DataExport | ExportWithoutEngine>;
  erasures: number;
  withoutModel?: boolean;
}): ReactNode {
  const cart = useCart();
  const [action, setAction] = useState<Action>({ phase: 'idle' });
  const live = useLive();
  const titleId = useId();
  // "Saved … (N events)" is about data an erase has since deleted.
  useEffect(() => setAction((a) => (a.phase === 'done' || a.phase === 'failed' ? { phase: 'idle' } : a)), [erasures]);
  const download = (): void => {
    if (action.phase === 'busy') return;
    setAction({ phase: 'busy' });
    read().then(
      (data) => {
        const blob = new Blob([JSON.stringify({ ...data, cart: cart.lines }, null, 2)], { type: 'application/json' });
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = exportFileName(data.exportedAt);
        document.body.append(a);
        a.click();
        a.remove();
        // Give the download a moment to start before the URL goes.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        const skipped = data.skippedRecords;
        const left =
          skipped > 0
            ? ` ${skipped.toLocaleString()} damaged or unknown ${skipped === 1 ? 'record was' : 'records were'} left out; the file says how many.`
            : '';
        if (live.current)
          setAction({ phase: 'done', message: `Saved ${a.download} (${data.events.length.toLocaleString()} events, ${formatBytes(blob.size)}).${left}` });
      },
      (e: unknown) => live.current && setAction(failed('The file could not be made just now; nothing was changed. Try again, or reload the page.', e)),
    );
  };
  return (
    <section className="privacy-card" aria-labelledby={titleId}>
      <h2 id={titleId}>Take a copy</h2>
      <p className="privacy-card__text">
        One JSON file with every stored event, your profile, settings and the fine-tuned weights.
        {withoutModel ? ' The interests the model reads are left out while it isn’t running; the file says so.' : ''}
      </p>
      <div className="privacy-card__row">
        <button type="button" className="button button--ghost" data-testid="export-data" onClick={download} aria-disabled={action.phase === 'busy'}>
          {action.phase === 'busy' ? 'Preparing…' : 'Download my data'}
        </button>
      </div>
      <ActionNote action={action} testId="export-note" />
    </section>
  );
}

/**
 * Erases everything, after a confirmation.
 * @param erase - through the engine (whose `erased` event tells the page, as from another tab), or without it.
 * @param onErased - called after an erase that no engine tells the page of.
 */
function EraseCard({ erase: eraseData, events, onErased }: { erase: () => Promise<void>; events: number | null; onErased?: () => void }): ReactNode {
  const cart = useCart();
  const [confirming, setConfirming] = useState(false);
  const [action, setAction] = useState<Action>({ phase: 'idle' });
  const live = useLive();
  const titleId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const eraseRef = useRef<HTMLButtonElement>(null);
  // Closing the confirmation removes the focused button: focus goes back to "Erase everything…".
  const refocus = useRef(false);
  const busy = action.phase === 'busy';
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (refocus.current) eraseRef.current?.focus();
    refocus.current = false;
  }, [confirming]);
  const close = (): void => {
    refocus.current = true;
    setConfirming(false);
  };
  const erase = (): void => {
    if (busy) return;
    setAction({ phase: 'busy' });
    eraseData().then(
      () => {
        // The cart's lines say what the shopper picked and from which page: they go too (in every tab).
        cart.clear();
        onErased?.();
        if (!live.current) return;
        close();
        setAction({ phase: 'done', message: ERASED });
      },
      (e: unknown) => live.current && setAction(failed('Erasing did not finish. Reload the page and try again.', e)),
    );
  };
  return (
    <section className="privacy-card privacy-card--danger" aria-labelledby={titleId}>
      <h2 id={titleId}>Erase everything</h2>
      <p className="privacy-card__text">
        Deletes every event, your profile, the fine-tuned weights, the model copy and your cart from this browser, in every open tab.
      </p>
      {confirming ? (
        <div className="privacy-confirm" role="group" aria-label="Confirm erasing">
          <p>{events !== null ? `${events.toLocaleString()} events and everything learnt from them will be gone. ` : ''}This cannot be undone.</p>
          <div className="privacy-card__row">
            {/* aria-disabled while erasing, not disabled: a disabled button drops the keyboard focus. */}
            <button ref={confirmRef} type="button" className="button button--danger" data-testid="erase-data-confirm" onClick={erase} aria-disabled={busy}>
              {busy ? 'Erasing…' : 'Yes, erase it all'}
            </button>
            <button
              type="button"
              className="button button--ghost"
              data-testid="erase-data-cancel"
              onClick={() => {
                if (!busy) close();
              }}
              aria-disabled={busy}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="privacy-card__row">
          <button
            ref={eraseRef}
            type="button"
            className="button button--danger-ghost"
            data-testid="erase-data"
            onClick={() => {
              setAction({ phase: 'idle' });
              setConfirming(true);
            }}
          >
            Erase everything…
          </button>
        </div>
      )}
      <ActionNote action={action} testId="erase-note" />
    </section>
  );
}
