import { describe, expect, it } from 'vitest';
import { cardTitle } from './cardTitle';

describe('cardTitle', () => {
  it('drops the brand a title starts with, keeping it as the lead', () => {
    expect(cardTitle('Greenleaf Books Pioneer Grey Notebook', 'Greenleaf Books')).toEqual({ lead: 'Greenleaf Books ', rest: 'Pioneer Grey Notebook' });
  });

  it('ignores case and runs of spaces', () => {
    expect(cardTitle('GREENLEAF  books Pioneer', 'Greenleaf Books')).toEqual({ lead: 'GREENLEAF  books ', rest: 'Pioneer' });
  });

  it('takes a separator after the brand with it', () => {
    expect(cardTitle('Ironbark — Compact Saucepan Set', 'Ironbark')).toEqual({ lead: 'Ironbark — ', rest: 'Compact Saucepan Set' });
    expect(cardTitle('Ironbark: Compact Saucepan Set', 'Ironbark')).toEqual({ lead: 'Ironbark: ', rest: 'Compact Saucepan Set' });
  });

  it('matches brands with punctuation literally', () => {
    expect(cardTitle('Daisy & Dot Sequin Cocktail Dress', 'Daisy & Dot')).toEqual({ lead: 'Daisy & Dot ', rest: 'Sequin Cocktail Dress' });
    expect(cardTitle('Strider & Co. Linden Shoe', 'Strider & Co.')).toEqual({ lead: 'Strider & Co. ', rest: 'Linden Shoe' });
    expect(cardTitle('Strider & Cox Linden Shoe', 'Strider & Co.').rest).toBe('Strider & Cox Linden Shoe');
  });

  it('matches whole words only', () => {
    expect(cardTitle('Oakley Chair', 'Oak')).toEqual({ lead: '', rest: 'Oakley Chair' });
    expect(cardTitle('Oak2 Chair', 'Oak')).toEqual({ lead: '', rest: 'Oak2 Chair' });
    expect(cardTitle("Oak's Finest Chair", 'Oak')).toEqual({ lead: '', rest: "Oak's Finest Chair" });
  });

  it('keeps titles that do not start with the brand', () => {
    expect(cardTitle('Pioneer Notebook by Greenleaf Books', 'Greenleaf Books').rest).toBe('Pioneer Notebook by Greenleaf Books');
  });

  it('keeps a title that is only the brand', () => {
    expect(cardTitle('Ironbark', 'ironbark')).toEqual({ lead: '', rest: 'Ironbark' });
    expect(cardTitle('Ironbark —', 'Ironbark')).toEqual({ lead: '', rest: 'Ironbark —' });
  });

  it('keeps the title whole without a brand', () => {
    expect(cardTitle('Plain Mug', null)).toEqual({ lead: '', rest: 'Plain Mug' });
    expect(cardTitle('Plain Mug', undefined)).toEqual({ lead: '', rest: 'Plain Mug' });
    expect(cardTitle('Plain Mug', '  ')).toEqual({ lead: '', rest: 'Plain Mug' });
  });

  it('always splits the title without losing a character', () => {
    for (const [title, brand] of [
      ['Little Oak Illustrated Novel', 'Little Oak'],
      ['  Little Oak   Illustrated', 'little oak'],
      ['Kettle & Crane - Dutch Oven', 'Kettle & Crane'],
    ] as const) {
      const { lead, rest } = cardTitle(title, brand);
      expect(lead + rest).toBe(title);
    }
  });
});
