import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEVICE_COPY_NOTE } from '../engineNotes';
import { EngineNotices } from './EngineNotices';
import { TechnicalDetails } from './TechnicalDetails';

const COPY =
  "The shop's model files failed to load (http://localhost:4193/models/weights.bin fails its integrity check (sha256 e6c1…, expected 152d…). The file was changed after training; redeploy models/.) Ranking with the copy of model m1 kept on this device since 2026-11-29.";
const RECOVERY = 'The webgpu backend stopped working (device lost); the engine moved to wasm and kept ranking.';

/** The text outside every `<details>`: what a shopper reads without opening anything. */
const outsideDetails = (html: string): string => html.replace(/<details[\s\S]*?<\/details>/g, '');

describe('technical details', () => {
  it('keep the engine’s words in a collapsed disclosure', () => {
    const html = renderToStaticMarkup(<TechnicalDetails text="HTTP 404" testId="x" />);
    expect(html).toMatch(/^<details class="tech-details"><summary>Technical details<\/summary>/);
    expect(html).not.toContain(' open');
    expect(html).toContain('data-testid="x">HTTP 404</p>');
  });
});

describe('the model panel’s notices', () => {
  it('say the device copy is in use in plain words, with the engine’s reason collapsed', () => {
    const html = renderToStaticMarkup(<EngineNotices info={{ modelSource: 'device-copy', notices: [COPY] }} />);
    const shown = outsideDetails(html);
    expect(shown).toContain(DEVICE_COPY_NOTE.replace(/'/g, '&#x27;'));
    expect(shown).not.toMatch(/sha256|http:|redeploy/);
    expect(html).toContain('fails its integrity check');
    expect(html).toContain('data-count="1"');
  });

  it('list the recoveries from a lost backend after the device copy’s notice', () => {
    const html = renderToStaticMarkup(<EngineNotices info={{ modelSource: 'device-copy', notices: [COPY, RECOVERY] }} />);
    expect(outsideDetails(html)).toContain(`<li>${RECOVERY}</li>`);
    expect(html.indexOf(DEVICE_COPY_NOTE.slice(0, 20))).toBeLessThan(html.indexOf(RECOVERY));
  });

  it('do not call a recovery on the shipped model a device copy', () => {
    const html = renderToStaticMarkup(<EngineNotices info={{ modelSource: 'shipped', notices: [RECOVERY] }} />);
    expect(html).not.toContain('device-copy-note');
    expect(html).toContain(`<li>${RECOVERY}</li>`);
  });

  it('render nothing without a notice', () => {
    expect(renderToStaticMarkup(<EngineNotices info={{ modelSource: 'shipped', notices: [] }} />)).toBe('');
  });
});
