/** The model panel: what the recommender runs on, how it is doing, and what it learns on this device. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { pickFastest, type BackendName, type EngineInfo, type FineTuneStatus, type Recommender } from '../../engine/api';
import { diagnosticsFromUrl, isPaused, useShop, type EngineHost } from '../engine';
import { Link, PRIVACY_PATH, redrawPage } from '../router';
import { ENGINE_DOWN_NOTE } from '../engineNotes';
import { aucChart } from './aucChart';
import { EngineNotices } from './EngineNotices';
import { TechnicalDetails } from './TechnicalDetails';
import { errorMessage } from '../../engine/errors';

const BACKEND_LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

const HOST_LABEL: Record<EngineHost, string> = {
  worker: 'Web Worker',
  page: 'This page',
};

const MODE_LABEL: Record<FineTuneStatus['mode'], string> = {
  learning: 'Learning',
  follower: 'Another tab is learning',
  'ranking-only': 'This backend only ranks',
  off: 'Off',
};

const MODE_HINT: Record<FineTuneStatus['mode'], string> = {
  learning: 'The model fine-tunes itself from your clicks here, and keeps a round only if it predicts held-back clicks better.',
  follower: 'Another tab of the shop does the training; this one ranks with the weights it saves.',
  'ranking-only': 'Training needs a backend that can compute gradients; ranking still works.',
  off: 'Fine-tuning is switched off; the shipped model ranks.',
};

/**
 * What each learning figure means, in words a shopper reads: the figures'
 * tooltips, and the "What these figures mean" list that touch screens and
 * keyboards reach too.
 */
export const FACT_MEANING = {
  steps: 'Training steps of the rounds that were kept: each round is kept only if it predicts your held-back clicks better.',
  rounds:
    'Rounds of learning so far; a round that did not predict your held-back clicks better is rolled back, and when the shop’s own model has predicted them better so far, learning starts again from it.',
  loss: 'How far the model’s guesses were from what you did, on the clicks the last round learned from: lower is better.',
  priorScale:
    'How much the bestsellers count for you, learned from your clicks: 1 × is the shop’s usual weight; it drops when your clicks differ from most shoppers’. Their share of each score above already includes it.',
  pending: 'Clicks since the last round; a new round starts after a few.',
} as const;

/** The figures {@link FACT_MEANING} explains, in the order the panel shows them. */
const FACT_TERMS: [keyof typeof FACT_MEANING, string][] = [
  ['steps', 'Steps kept'],
  ['rounds', 'Rounds'],
  ['loss', 'Last loss'],
  ['priorScale', 'Bestseller weight'],
  ['pending', 'New clicks'],
];

const CHART_W = 200;
const CHART_H = 44;

/**
 * A moment as the shop writes it: the time alone today, else the date too.
 * @param preposition - prefix "at" or "on" to suit, for use inside a sentence.
 */
function formatTime(ms: number, preposition = false): string {
  const d = new Date(ms);
  if (d.toDateString() === new Date().toDateString()) return `${preposition ? 'at ' : ''}${d.toLocaleTimeString([], { timeStyle: 'short' })}`;
  return `${preposition ? 'on ' : ''}${d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** What the chart's number means, in words a shopper reads. */
export const AUC_MEANING =
  'How often the model puts a product you clicked above one you passed over, on your latest clicks it did not learn from: 0.5 is a coin toss, 1 always right.';

/** Held-back AUC per round as small bars; the summary is the accessible name. */
export function AucChart({ history }: { history: FineTuneStatus['history'] }): ReactNode {
  const chart = aucChart(history, CHART_W, CHART_H);
  const latest = history.at(-1)?.aucAfter ?? null;
  return (
    <figure className="auc-chart">
      <figcaption className="auc-chart__caption">Held-back AUC per round</figcaption>
      <p className="auc-chart__about">{AUC_MEANING}</p>
      {history.length === 0 ? (
        <p className="learning__empty" data-testid="finetune-chart" data-rounds="0">
          No rounds yet — one starts after a few clicks.
        </p>
      ) : (
        <>
          <div className="auc-chart__plot">
            <div className="auc-chart__scale" aria-hidden="true">
              <span>{chart.hi.toFixed(1)}</span>
              <span>{chart.lo.toFixed(1)}</span>
            </div>
            <svg
              viewBox={`0 0 ${CHART_W} ${CHART_H}`}
              width={CHART_W}
              height={CHART_H}
              role="img"
              aria-label={chart.summary}
              data-testid="finetune-chart"
              data-rounds={history.length}
              className="auc-chart__svg"
            >
              {chart.chanceY !== null ? <line x1="0" x2={CHART_W} y1={chart.chanceY} y2={chart.chanceY} className="auc-chart__chance" /> : null}
              {chart.bars.map((b, i) => (
                <rect key={i} x={b.x} y={b.y} width={b.width} height={b.height} rx="1.5" className={`auc-chart__bar auc-chart__bar--${b.kind}`}>
                  <title>{b.title}</title>
                </rect>
              ))}
              <line x1="0" x2={CHART_W} y1={CHART_H - 0.5} y2={CHART_H - 0.5} className="auc-chart__axis" />
            </svg>
          </div>
          <p className="auc-chart__legend" aria-hidden="true">
            <span>
              <span className="auc-chart__key auc-chart__key--kept" /> kept
            </span>
            <span>
              <span className="auc-chart__key auc-chart__key--rolled-back" /> rolled back
            </span>
            {latest !== null ? <span className="auc-chart__latest">latest {latest.toFixed(3)}</span> : null}
          </p>
        </>
      )}
    </figure>
  );
}

type ResetState = { phase: 'idle' } | { phase: 'pending' } | { phase: 'done' } | { phase: 'failed'; detail: string };

/** The reset button and what became of the last press. */
function ResetPersonalisation({ recommender, running }: { recommender: Recommender | null; running: boolean }): ReactNode {
  const [state, setState] = useState<ResetState>({ phase: 'idle' });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const pending = state.phase === 'pending';
  // A new round makes the last reset's note stale.
  useEffect(() => {
    if (running) setState((s) => (s.phase === 'done' || s.phase === 'failed' ? { phase: 'idle' } : s));
  }, [running]);
  const unavailable = !recommender || pending || running;
  const reset = (): void => {
    if (unavailable) return;
    setState({ phase: 'pending' });
    recommender.resetPersonalisation().then(
      () => {
        // The page's grids and interests were drawn with the fine-tuned weights: draw them again.
        redrawPage();
        if (live.current) setState({ phase: 'done' });
      },
      (e: unknown) => live.current && setState({ phase: 'failed', detail: errorMessage(e) }),
    );
  };
  let note: ReactNode = null;
  if (state.phase === 'done') note = 'Done: ranking with the shipped model again. Your browsing history is kept.';
  else if (state.phase === 'failed') note = 'The reset did not finish, so the model ranks as before. Try again, or reload the page.';
  return (
    <div className="learning__reset">
      <button
        type="button"
        className="button button--ghost button--small"
        data-testid="reset-personalisation"
        data-state={state.phase}
        onClick={reset}
        // Not `disabled`: the button keeps the keyboard focus while the reset runs.
        aria-disabled={unavailable}
        aria-busy={pending}
        title={running ? 'Wait for the running round to finish' : undefined}
      >
        {pending ? 'Resetting…' : 'Reset personalisation'}
      </button>
      <p className={`learning__note${state.phase === 'failed' ? ' learning__note--error' : ''}`} role="status">
        {note}
      </p>
      {state.phase === 'failed' ? <TechnicalDetails text={state.detail} /> : null}
    </div>
  );
}

/** "Learning on this device": fine-tuning mode, counters, progress, AUC per round and reset. */
export function Learning({
  status,
  recommender,
  waiting,
  paused,
}: {
  status: FineTuneStatus | null;
  recommender: Recommender | null;
  waiting: boolean;
  /** Personalisation is paused: no feedback is stored, so no round starts (a learning engine says so). */
  paused: boolean;
}): ReactNode {
  const progressId = useId();
  const titleId = useId();
  // Only an engine that would learn (here or in another tab: the pause is every tab's) is held back by a pause;
  // the other modes say why they do not learn anyway.
  const held = paused && (status?.mode === 'learning' || status?.mode === 'follower');
  return (
    <section
      className="learning"
      aria-labelledby={titleId}
      data-testid="finetune"
      data-mode={status?.mode ?? ''}
      data-running={status?.running ? 'true' : 'false'}
    >
      <div className="learning__head">
        <h3 id={titleId} className="learning__title">
          Learning on this device
        </h3>
        {status ? (
          <span className={`learning__mode learning__mode--${held ? 'paused' : status.mode}`} data-testid="finetune-mode" data-paused={String(held)}>
            {held ? 'Paused' : MODE_LABEL[status.mode]}
          </span>
        ) : null}
      </div>
      {!status ? (
        <p className="learning__hint">{waiting ? 'Starts with the model…' : 'Not available without the model.'}</p>
      ) : (
        <>
          <p className="learning__hint">
            {held ? (
              <>
                Personalisation is paused: nothing you do here is stored, so there is nothing to learn from. The weights learned so far are kept;{' '}
                <Link to={PRIVACY_PATH}>turn it back on</Link> to go on.
              </>
            ) : (
              MODE_HINT[status.mode]
            )}
          </p>
          <dl className="learning__facts">
            <div title={FACT_MEANING.steps}>
              <dt>Steps kept</dt>
              <dd data-testid="finetune-steps" data-steps={status.acceptedSteps}>
                {status.acceptedSteps}
              </dd>
            </div>
            <div title={FACT_MEANING.rounds}>
              <dt>Rounds</dt>
              <dd data-testid="finetune-rounds" data-rounds={status.rounds} data-rollbacks={status.rollbacks}>
                {status.rounds}
                {status.rollbacks > 0 ? <span className="learning__sub"> · {status.rollbacks} rolled back</span> : null}
              </dd>
            </div>
            <div title={FACT_MEANING.loss}>
              <dt>Last loss</dt>
              <dd data-testid="finetune-loss">{status.lastLoss !== null ? status.lastLoss.toFixed(3) : '—'}</dd>
            </div>
            <div>
              <dt>Bestseller weight</dt>
              {/* A factor, not a percentage: beside "Bestsellers’ share", a second "%" read as a second share. */}
              <dd data-testid="finetune-prior-scale" data-scale={status.priorScale} title={FACT_MEANING.priorScale}>
                {priorScaleText(status.priorScale)}
              </dd>
            </div>
            <div title={FACT_MEANING.pending}>
              <dt>New clicks</dt>
              <dd data-testid="finetune-pending">{status.pendingFeedback}</dd>
            </div>
            <div>
              <dt>Checkpoint</dt>
              <dd data-testid="finetune-checkpoint" data-saved-at={status.checkpoint?.savedAt ?? ''}>
                {status.checkpoint ? (
                  <time dateTime={new Date(status.checkpoint.savedAt).toISOString()} title={`Saved after ${status.checkpoint.acceptedSteps} kept steps`}>
                    {formatTime(status.checkpoint.savedAt)}
                  </time>
                ) : (
                  <span title="Ranking with the shipped weights">None</span>
                )}
              </dd>
            </div>
          </dl>
          <details className="learning__glossary" data-testid="finetune-glossary">
            <summary>What these figures mean</summary>
            <dl>
              {FACT_TERMS.map(([key, term]) => (
                <div key={key}>
                  <dt>{term}</dt>
                  <dd>{FACT_MEANING[key]}</dd>
                </div>
              ))}
            </dl>
          </details>
          {status.running ? (
            <div className="learning__progress">
              <label htmlFor={progressId}>Training a round{status.progress !== null ? ` · ${Math.round(status.progress * 100)}%` : '…'}</label>
              {status.progress !== null ? <progress id={progressId} max={1} value={status.progress} /> : <progress id={progressId} />}
            </div>
          ) : null}
          <AucChart history={status.history} />
          {status.lastError ? (
            <p className="learning__error" data-testid="finetune-error">
              {status.lastError}
            </p>
          ) : null}
        </>
      )}
      <ResetPersonalisation recommender={status ? recommender : null} running={status?.running ?? false} />
    </section>
  );
}

/** How long a small ranking took on each backend, fastest first, and which did not start. */
function timesText(timings: EngineInfo['backendChoice']['timings']): string {
  const timed = timings.filter((t) => t.ms !== null).sort((a, b) => a.ms! - b.ms!);
  const missing = timings.filter((t) => t.ms === null).map((t) => BACKEND_LABEL[t.backend]);
  const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
  const parts = [timed.map((t) => `${BACKEND_LABEL[t.backend]} ${ms(t.ms!)}`).join(' · ')];
  if (missing.length) parts.push(`not available here: ${missing.join(', ')}`);
  return `a small ranking took ${parts.filter((p) => p).join('; ')}`;
}

/** How the backend was picked, with the measured times; why a backend did not start is in the tooltip. */
export function BackendChoice({ choice, backend }: { choice: EngineInfo['backendChoice']; backend: BackendName }): ReactNode {
  const notes = choice.timings
    .filter((t) => t.note)
    .map((t) => `${BACKEND_LABEL[t.backend]}: ${t.note}`)
    .join('\n');
  const using = BACKEND_LABEL[backend];
  const fastest = pickFastest(choice.timings);
  let text: string;
  if (choice.how === 'forced') text = `Using ${using}, as the page asks (?backend= or a saved setting).`;
  else if (choice.how === 'provisional') text = `Using ${using} while the backends are timed in the background.`;
  else if (fastest === null) text = `Using ${using}; no backend could be timed.`;
  else if (fastest !== backend)
    text = `Using ${using} for this visit; ${BACKEND_LABEL[fastest]}, the fastest when timed just now, from the next one (${timesText(choice.timings)}).`;
  else if (choice.how === 'measured') text = `Using ${using}, the fastest of the backends timed on this visit (${timesText(choice.timings)}).`;
  else text = `Using ${using}, the fastest when timed${choice.measuredAt ? ` ${formatTime(choice.measuredAt, true)}` : ''} (${timesText(choice.timings)}).`;
  return (
    <p className="model-panel__choice" data-testid="backend-choice" data-how={choice.how} data-fastest={fastest ?? undefined} title={notes || undefined}>
      {text}
    </p>
  );
}

/** What the fault drill offers and says on a backend. */
export interface DrillCopy {
  /** The button's label. */
  label: string;
  /** What pressing it does, shown above it. */
  hint: string;
  /** Said at once when pressed; the engine's notice says how it recovered. */
  pressed: string;
}

/**
 * The fault drill's words for the backend the engine runs on: a GPU backend
 * loses its device (and the engine moves to another backend); wasm and cpu have
 * no GPU to lose, so the drill resets the backend and the engine starts it again.
 * @example drillCopy('wasm').label // 'Simulate a backend reset'
 */
export function drillCopy(backend: BackendName): DrillCopy {
  if (backend === 'webgpu' || backend === 'webgl')
    return {
      label: 'Simulate GPU loss',
      hint: `Lose the ${backend === 'webgpu' ? 'GPU device' : 'WebGL context'} as a driver reset would. The engine moves to another backend and keeps ranking.`,
      pressed: 'GPU lost; the next page is ranked after the engine moves to another backend.',
    };
  return {
    label: 'Simulate a backend reset',
    hint: `Reset the ${BACKEND_LABEL[backend]} backend as if it had failed. The engine starts it again and keeps ranking.`,
    pressed: 'Backend reset; the next page is ranked after the engine starts it again.',
  };
}

/** Diagnostics: lose the GPU (or reset the backend) on purpose and watch the engine recover. */
export function FaultDrill({ recommender, backend, notices }: { recommender: Recommender; backend: BackendName; notices: number }): ReactNode {
  const [note, setNote] = useState('');
  const copy = drillCopy(backend);
  // The engine's notice says how it recovered; the "pressed" note is stale once it does.
  useEffect(() => setNote(''), [notices]);
  const drill = (): void => {
    setNote(copy.pressed);
    recommender.simulateDeviceLoss().catch((e: unknown) => setNote(`The drill failed: ${errorMessage(e)}`));
  };
  return (
    <details className="model-panel__drill">
      <summary>Diagnostics</summary>
      <p className="learning__hint">{copy.hint}</p>
      <button type="button" className="button button--ghost button--small" data-testid="simulate-device-loss" data-backend={backend} onClick={drill}>
        {copy.label}
      </button>
      <p className="learning__note" role="status">
        {note}
      </p>
    </details>
  );
}

/** The fault drill shows when the page was opened with `?diagnostics`. */
const DIAGNOSTICS = typeof location !== 'undefined' && diagnosticsFromUrl(location.search);

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
              {engine.status === 'loading' ? 'Loading…' : engine.status === 'ready' ? 'Ready' : 'Not running'}
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
        <div>
          <dt>Bestsellers’ share</dt>
          <dd
            data-testid="popularity-share"
            data-share={info?.popularityShare ?? ''}
            title="While the shop knows little of your taste, the bestsellers (what most shoppers open) count too; their share fades as you click, add to cart and buy."
          >
            {info?.paused ? 'All of it while paused' : info?.popularityShare != null ? `${Math.round(info.popularityShare * 100)} % of each score` : '—'}
          </dd>
        </div>
        <div>
          <dt>Model source</dt>
          <dd data-testid="model-source" data-source={info?.modelSource ?? ''}>
            {info ? (info.modelSource === 'shipped' ? 'Shipped files, verified' : 'Copy kept on this device') : '—'}
          </dd>
        </div>
        <div>
          <dt>Personalisation</dt>
          <dd data-testid="personalisation" data-paused={info ? String(info.paused) : ''}>
            {info ? (
              <Link
                to={PRIVACY_PATH}
                className="model-panel__link"
                aria-label={`Personalisation ${info.paused ? 'paused' : 'on'}: change it on the Your data page`}
              >
                {info.paused ? 'Paused' : 'On'}
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Runs in</dt>
          <dd data-testid="engine-host" data-host={engine.status === 'ready' ? engine.host : ''}>
            {engine.status === 'ready' ? HOST_LABEL[engine.host] : '—'}
          </dd>
        </div>
      </dl>
      {info ? <BackendChoice choice={info.backendChoice} backend={info.backend} /> : null}
      {info ? <EngineNotices info={info} /> : null}
      {engine.status === 'error' ? (
        <div className="model-panel__error" data-testid="model-error" role="alert">
          <p data-testid="model-error-note">{ENGINE_DOWN_NOTE}</p>
          <TechnicalDetails text={engine.message} testId="model-error-details" />
        </div>
      ) : null}
      <Learning
        status={engine.status === 'ready' ? engine.fineTune : null}
        recommender={engine.status === 'ready' ? engine.recommender : null}
        waiting={engine.status === 'loading'}
        paused={isPaused(engine)}
      />
      {engine.status === 'ready' && DIAGNOSTICS ? (
        <FaultDrill recommender={engine.recommender} backend={engine.info.backend} notices={engine.info.notices.length} />
      ) : null}
    </section>
  );
}

/**
 * The learned scale on the bestsellers' weight, as a factor of the shop's usual one.
 * @example priorScaleText(0.912) // '0.91 × usual'
 */
export function priorScaleText(scale: number): string {
  return `${scale.toFixed(2)} × usual`;
}
