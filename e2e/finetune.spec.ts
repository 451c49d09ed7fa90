/**
 * On-device fine-tuning in Chromium on WebGPU: clicks start a round in the
 * engine's worker (also when each click is on a page load of its own), an
 * accepted round's checkpoint survives a reload, reset
 * goes back to the shipped weights, and two tabs share one learner without
 * losing clicks or training twice.
 *
 * The guard may roll a round back (then `data-steps` stays 0), so the tests
 * keep clicking, round after round, up to {@link MAX_ROUNDS}, and say so
 * when no round was ever kept.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  clickHomeProduct,
  countEvents,
  expectBackend,
  readFineTune,
  storedCheckpoints,
  storedEvents,
  waitForRanked,
  type CheckpointSummary,
  type FineTunePanel,
} from './helpers';

/** Optimiser steps of one round (DEFAULT_FINE_TUNE.stepsPerRound; the shop uses the defaults). */
const STEPS_PER_ROUND = 12;
/** Rounds to try for an accepted one before failing. */
const MAX_ROUNDS = 6;
/** Clicks to try before failing (3 per round, with room for rounds that found too little feedback). */
const MAX_CLICKS = 4 * MAX_ROUNDS;
/** A round on SwiftShader: about 20 s for the first one (shaders compile), seconds after. */
const ROUND_TIMEOUT = 90_000;

// Every test, whatever it did, must have run on WebGPU.
test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

/** Waits until no round runs in the page's engine. */
async function waitRoundOver(page: Page): Promise<void> {
  await expect(page.getByTestId('finetune'), 'the running fine-tuning round should finish').toHaveAttribute('data-running', 'false', {
    timeout: ROUND_TIMEOUT,
  });
}

/**
 * Clicks home products, in `tabs` in turn, until `done` holds for the
 * learner's panel. Never clicks while a round runs (it waits for the round),
 * so rounds are not slowed down by ranking and the counts stay readable.
 * @param learner - the tab whose engine fine-tunes.
 * @param clicked - item ids clicked so far (shared by all tabs); appended to.
 * @param what - what `done` means, for the failure message.
 * @returns The learner's panel once `done` holds and no round runs.
 */
async function clickUntil(
  learner: Page,
  tabs: readonly Page[],
  clicked: string[],
  done: (panel: FineTunePanel) => boolean,
  what: string,
): Promise<FineTunePanel> {
  for (;;) {
    const panel = await readFineTune(learner);
    if (panel.running) {
      await waitRoundOver(learner);
      continue;
    }
    if (done(panel)) return panel;
    const seen = `${panel.rounds} round(s), ${panel.rollbacks} rolled back, ${panel.steps} steps kept, after ${clicked.length} clicks`;
    if (panel.error !== null) throw new Error(`fine-tuning reports an error before ${what}: ${panel.error} (${seen})`);
    if (panel.rounds >= MAX_ROUNDS) throw new Error(`no ${what} within ${MAX_ROUNDS} rounds: ${seen}`);
    if (clicked.length >= MAX_CLICKS) throw new Error(`no ${what} after ${MAX_CLICKS} clicks: ${seen}`);
    const tab = tabs[clicked.length % tabs.length];
    if (!tab) throw new Error('clickUntil() needs at least one tab');
    await clickHomeProduct(tab, clicked);
  }
}

/** A round was kept: `data-steps` > 0 ({@link clickUntil} returns only when no round runs). */
const kept = (p: FineTunePanel): boolean => p.steps > 0;

/** The `current` checkpoint record, failing when there is none. */
async function currentCheckpoint(page: Page): Promise<CheckpointSummary> {
  const current = (await storedCheckpoints(page)).find((c) => c.slot === 'current');
  if (!current) throw new Error('IndexedDB holds no `current` checkpoint');
  return current;
}

/** Asserts a checkpoint record is whole: weights present, well formed and finite, of this model. */
async function expectSoundCheckpoint(page: Page, c: CheckpointSummary): Promise<void> {
  expect(c.modelVersion, 'the checkpoint belongs to the shipped model that runs').toBe((await page.getByTestId('model-version').textContent())?.trim());
  expect(c.weights, 'the checkpoint holds weights').toBeGreaterThan(0);
  expect(c.values, 'the checkpoint holds weight values').toBeGreaterThan(0);
  expect(c.malformed, 'weights whose values are not a Float32Array of the shape’s size').toEqual([]);
  expect(c.nonFinite, 'non-finite weight values in the checkpoint').toBe(0);
  expect(c.sample.length).toBeGreaterThan(0);
  for (const v of c.sample) expect(Number.isFinite(v)).toBe(true);
  expect(c.acceptedSteps).toBeGreaterThan(0);
  expect(c.acceptedSteps).toBe(STEPS_PER_ROUND * (c.rounds - c.rollbacks));
}

/** Asserts the panel shows `expected`'s counters and checkpoint. */
async function expectPanel(page: Page, expected: Pick<FineTunePanel, 'steps' | 'rounds' | 'rollbacks' | 'savedAt'>): Promise<void> {
  await expect(page.getByTestId('finetune-steps')).toHaveAttribute('data-steps', String(expected.steps));
  await expect(page.getByTestId('finetune-rounds')).toHaveAttribute('data-rounds', String(expected.rounds));
  await expect(page.getByTestId('finetune-rounds')).toHaveAttribute('data-rollbacks', String(expected.rollbacks));
  await expect(page.getByTestId('finetune-checkpoint')).toHaveAttribute('data-saved-at', expected.savedAt === null ? '' : String(expected.savedAt));
}

test('clicking products starts a fine-tuning round on the device', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  const panel = page.getByTestId('finetune');
  await expect(panel).toHaveAttribute('data-mode', 'learning');
  await expectPanel(page, { steps: 0, rounds: 0, rollbacks: 0, savedAt: null });
  await expect(page.getByTestId('finetune-chart')).toHaveAttribute('data-rounds', '0');
  await expect(page.getByTestId('finetune-prior-scale')).toHaveAttribute('data-scale', '1');

  const clicked: string[] = [];
  const after = await clickUntil(page, [page], clicked, (p) => p.rounds >= 1, 'fine-tuning round');
  test.info().annotations.push({ type: 'fine-tune', description: `${after.rounds} round(s), ${after.rollbacks} rolled back, after ${clicked.length} clicks` });

  await expect(panel).toHaveAttribute('data-mode', 'learning');
  await expect(page.getByTestId('finetune-error')).toHaveCount(0);
  expect(after.rollbacks).toBeLessThanOrEqual(after.rounds);
  expect(after.steps, 'steps kept = 12 per kept round').toBe(STEPS_PER_ROUND * (after.rounds - after.rollbacks));
  // The last round's training loss (non-finite only when the guard rolled it back for that).
  await expect(page.getByTestId('finetune-loss')).not.toHaveText('—');
  if (after.rollbacks === 0) await expect(page.getByTestId('finetune-loss')).toHaveText(/^\d+\.\d{3}$/);
  // The chart draws one bar per round.
  const chart = page.getByTestId('finetune-chart');
  await expect(chart).toHaveAttribute('data-rounds', String(after.rounds));
  await expect(chart).toHaveAttribute('aria-label', /fine-tuning round/);
  await expect(chart.locator('rect.auc-chart__bar')).toHaveCount(after.rounds);
  // The learned scale on the popularity prior's weight: within [0, 1 / shipped weight].
  const scale = Number(await page.getByTestId('finetune-prior-scale').getAttribute('data-scale'));
  // A round that changed something (the weights, or the crowd weight alone) is
  // saved at once, with the scale the panel shows; one that changed nothing saves nothing.
  if (after.steps > 0 || scale !== 1) {
    expect(after.savedAt, 'a round that changed the weights or the crowd weight is saved as a checkpoint').not.toBeNull();
    expect((await currentCheckpoint(page)).priorScale).toBe(scale);
  } else expect(await storedCheckpoints(page)).toEqual([]);
  expect(scale, 'the scale on the popularity prior is a number in [0, 1 / its weight]').toBeGreaterThanOrEqual(0);
  const priorWeight = await page.evaluate(async () => ((await (await fetch('/models/manifest.json')).json()) as { prior: { weight: number } }).prior.weight);
  expect(scale).toBeLessThanOrEqual(1 / priorWeight + 1e-9);
  await expect(page.getByTestId('finetune-prior-scale')).toHaveText(`${scale.toFixed(2)} × usual`);
  expect(await countEvents(page, 'click')).toBe(clicked.length);
});

test('clicks spread over page loads start a round, and the rounds stay on the panel after the next load', async ({ page }) => {
  test.setTimeout(240_000);
  // One click per document, as in a shop whose pages are separate documents:
  // no page load alone sees the three clicks a round waits for.
  const clicked: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto('/');
    await expectBackend(page, 'webgpu');
    await clickHomeProduct(page, clicked);
  }
  await page.goto('/');
  await waitForRanked(page);
  await expect(page.getByTestId('finetune-rounds'), 'the stored clicks start a round in the new document').not.toHaveAttribute('data-rounds', '0', {
    timeout: ROUND_TIMEOUT,
  });
  await waitRoundOver(page);
  const after = await readFineTune(page);
  expect(after.error).toBeNull();

  // Kept or rolled back, the rounds are still on the panel after a reload, and no click waits twice.
  await page.reload();
  await waitForRanked(page);
  await expectPanel(page, after);
  await expect(page.getByTestId('finetune-chart')).toHaveAttribute('data-rounds', String(after.chartRounds));
  await expect(page.getByTestId('finetune-pending')).toHaveText('0');
  expect(await countEvents(page, 'click')).toBe(clicked.length);
});

test('the fine-tuned checkpoint survives a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);

  const clicked: string[] = [];
  const before = await clickUntil(page, [page], clicked, kept, 'kept round (data-steps > 0)');
  expect(before.savedAt, 'the panel names the saved checkpoint').not.toBeNull();
  const saved = await currentCheckpoint(page);
  await expectSoundCheckpoint(page, saved);
  expect(saved).toMatchObject({ savedAt: before.savedAt, acceptedSteps: before.steps, rounds: before.rounds, rollbacks: before.rollbacks });
  const clicks = await countEvents(page, 'click');

  await page.reload();
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  // The engine took the checkpoint up at start: same steps, rounds and saved-at.
  await expectPanel(page, before);
  await expect(page.getByTestId('finetune')).toHaveAttribute('data-mode', 'learning');
  await expect(page.getByTestId('finetune-chart')).toHaveAttribute('data-rounds', String(before.chartRounds));
  // A damaged checkpoint would be skipped with this error, and the steps would be 0.
  await expect(page.getByTestId('finetune-error')).toHaveCount(0);
  // Loading did not rewrite or drop it, and no behaviour was lost.
  expect(await currentCheckpoint(page)).toEqual(saved);
  expect(await countEvents(page, 'click')).toBe(clicks);
});

test('reset drops the fine-tuned weights and keeps the behaviour', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);

  const clicked: string[] = [];
  await clickUntil(page, [page], clicked, kept, 'kept round (data-steps > 0)');
  expect((await storedCheckpoints(page)).length, 'a checkpoint is saved before the reset').toBeGreaterThan(0);
  const clicks = await countEvents(page, 'click');
  const views = async (): Promise<number> => new Set((await storedEvents(page)).filter((e) => e.type === 'impression').map((e) => e.request)).size;
  const viewsBefore = await views();

  const reset = page.getByTestId('reset-personalisation');
  await expect(reset).toHaveAttribute('data-state', 'idle');
  await expect(reset).toBeEnabled();
  await reset.click();
  await expect(reset).toHaveAttribute('data-state', 'done');
  // The grid above is ranked again with the shipped weights (a new view), and the focus stays on the button.
  await expect.poll(views, { message: 'the page is ranked again after the reset' }).toBeGreaterThan(viewsBefore);
  await expect(page.getByTestId('product-grid').first()).toHaveAttribute('data-ranked', 'true');
  await expect(reset).toBeFocused();
  await expect(page.getByText('Done: ranking with the shipped model again.')).toBeVisible();
  await expectPanel(page, { steps: 0, rounds: 0, rollbacks: 0, savedAt: null });
  await expect(page.getByTestId('finetune-checkpoint')).toHaveText('None');
  await expect(page.getByTestId('finetune-chart')).toHaveAttribute('data-rounds', '0');
  await expect(page.getByTestId('finetune-loss')).toHaveText('—');
  await expect(page.getByTestId('finetune-prior-scale')).toHaveAttribute('data-scale', '1');
  expect(await storedCheckpoints(page), 'reset empties the checkpoints store').toEqual([]);
  expect(await countEvents(page, 'click'), 'reset keeps the browsing history').toBe(clicks);

  // A new start finds nothing to load: the shipped weights rank.
  await page.reload();
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await expect(page.getByTestId('finetune')).toHaveAttribute('data-mode', 'learning');
  await expectPanel(page, { steps: 0, rounds: 0, rollbacks: 0, savedAt: null });
  await expect(page.getByTestId('finetune-checkpoint')).toHaveText('None');
  await expect(page.getByTestId('finetune-error')).toHaveCount(0);
  expect(await storedCheckpoints(page)).toEqual([]);
  expect(await countEvents(page, 'click')).toBe(clicks);
});

/** What a panel showed, one entry per change (see {@link watchPanel}). */
type PanelTrace = Pick<FineTunePanel, 'running' | 'steps' | 'rounds' | 'savedAt'>[];

/** Starts recording every change of the page's fine-tuning panel (running, steps, rounds, checkpoint). */
async function watchPanel(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { fineTuneTrace?: PanelTrace };
    const trace: PanelTrace = [];
    w.fineTuneTrace = trace;
    const read = (): void => {
      const attr = (id: string, name: string): string | null => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) ?? null;
      const savedAt = attr('finetune-checkpoint', 'data-saved-at');
      const entry = {
        running: attr('finetune', 'data-running') === 'true',
        steps: Number(attr('finetune-steps', 'data-steps')),
        rounds: Number(attr('finetune-rounds', 'data-rounds')),
        savedAt: savedAt === null || savedAt === '' ? null : Number(savedAt),
      };
      const last = trace.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(entry)) trace.push(entry);
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-running', 'data-steps', 'data-rounds', 'data-saved-at'],
    });
  });
}

async function panelTrace(page: Page): Promise<PanelTrace> {
  return page.evaluate(() => (window as unknown as { fineTuneTrace?: PanelTrace }).fineTuneTrace ?? []);
}

/** The engine session of a ranked page's request id (`r-<time>-<session>-<n>`): one per tab. */
const sessionOf = (request: string | null): string => request?.split('-')[2] ?? '(none)';

test('two tabs: one learns, the other follows, no click is lost and the checkpoint stays sound', async ({ page, context }) => {
  test.setTimeout(240_000);
  const second = await context.newPage();
  const tabs = [page, second];
  await Promise.all(tabs.map((t) => t.goto('/')));
  for (const t of tabs) {
    await expectBackend(t, 'webgpu');
    await waitForRanked(t);
  }

  // Exactly one tab holds the fine-tuning lock; the other follows (both start as followers until the lock is granted).
  const modes = (): Promise<string[]> => Promise.all(tabs.map(async (t) => (await t.getByTestId('finetune').getAttribute('data-mode')) ?? ''));
  await expect.poll(async () => (await modes()).filter((m) => m === 'learning').length, { message: 'one tab should take the fine-tuning lock' }).toBe(1);
  expect((await modes()).sort()).toEqual(['follower', 'learning']);
  const learnerIndex = (await modes()).indexOf('learning');
  const learner = tabs[learnerIndex]!;
  const follower = tabs[1 - learnerIndex]!;
  await Promise.all(tabs.map(watchPanel));

  // Click in both tabs, follower first, until the learner keeps a round.
  const clicked: string[] = [];
  const done = await clickUntil(learner, [follower, learner], clicked, kept, 'kept round (data-steps > 0)');
  test
    .info()
    .annotations.push({ type: 'fine-tune', description: `${done.rounds} round(s), ${done.rollbacks} rolled back, after ${clicked.length} clicks in two tabs` });

  // The follower takes up the learner's checkpoint.
  const saved = await currentCheckpoint(learner);
  await expectSoundCheckpoint(learner, saved);
  expect(saved).toMatchObject({ savedAt: done.savedAt, acceptedSteps: done.steps });
  await expectPanel(follower, { steps: saved.acceptedSteps, rounds: saved.rounds, rollbacks: saved.rollbacks, savedAt: saved.savedAt });
  expect(await modes(), 'the roles stay as they were').toEqual(learnerIndex === 0 ? ['learning', 'follower'] : ['follower', 'learning']);
  for (const t of tabs) await expect(t.getByTestId('finetune-error')).toHaveCount(0);

  // Every click of both tabs is stored once, each with the request id of the tab that ranked it.
  const clicks = (await storedEvents(learner)).filter((e) => e.type === 'click');
  expect(clicks.map((e) => e.item).sort(), 'stored clicks = clicks made in both tabs').toEqual([...clicked].sort());
  const perSession = new Map<string, number>();
  for (const e of clicks) perSession.set(sessionOf(e.request), (perSession.get(sessionOf(e.request)) ?? 0) + 1);
  const byCount = (a: number, b: number): number => a - b;
  const clicksPerTab = [Math.ceil(clicked.length / 2), Math.floor(clicked.length / 2)].sort(byCount);
  expect([...perSession.values()].sort(byCount), `clicks by engine session ${JSON.stringify([...perSession])}`).toEqual(clicksPerTab);

  // The follower never ran a round: its panel only ever showed what the
  // learner's showed once a round was over (its kept or rolled-back rounds,
  // its checkpoints), and ends where the learner's does.
  const learnerTrace = await panelTrace(learner);
  const followerTrace = await panelTrace(follower);
  expect(
    followerTrace.filter((s) => s.running),
    'the follower never runs a round',
  ).toEqual([]);
  const shownByLearner = learnerTrace.filter((s) => !s.running).map((s) => JSON.stringify(s));
  for (const s of followerTrace) expect(shownByLearner, 'the follower shows a state the learner showed').toContain(JSON.stringify(s));
  await expect
    .poll(async () => (await panelTrace(follower)).at(-1), { message: 'the follower ends where the learner is' })
    .toEqual({ running: false, steps: done.steps, rounds: done.rounds, savedAt: saved.savedAt });

  // The second tab ranks with the new weights too.
  await follower.goto('/');
  await expectBackend(follower, 'webgpu');
  await waitForRanked(follower);
});
