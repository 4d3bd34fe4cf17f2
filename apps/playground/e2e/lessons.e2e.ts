// End-to-end checks of issue 11's lessons, against the built app: every lesson loads from the
// Lessons menu as settings in the URL (and opens from its link), and the goals that are cheap to
// reach are reached on the page: the zero-initialization lesson reports identical units, the large
// learning rate reports a rising cost, the deep sigmoid network vanishing gradients, and the
// moons/Adam lesson stops at epoch 10000 with the course's 94.0% train accuracy.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { lessonById, LESSONS, lessonHash, type Lesson } from '../src/lessons';
import {
  button,
  closeClean,
  openPlayground,
  PHONE,
  play,
  settledEpoch,
  shownPercent,
  e2e,
  snap,
  stopHarness,
  text,
  waitForEpoch,
  waitReady,
} from './harness';

afterAll(stopHarness);


function lessonButton(page: Page, lesson: Lesson) {
  return page.getByTestId('lessons').getByRole('button', { name: lesson.title, exact: true });
}

function byId(id: string): Lesson {
  const lesson = lessonById(id);
  if (lesson === undefined) throw new Error(`no lesson ${id}`);
  return lesson;
}

async function openLesson(page: Page, lesson: Lesson): Promise<void> {
  await lessonButton(page, lesson).click();
  await page.waitForFunction((id) => new URLSearchParams(location.hash.slice(1)).get('lesson') === id, lesson.id, { timeout: 5_000 });
  await waitReady(page);
  await page.getByTestId('lesson').getByRole('heading', { name: lesson.title, exact: true }).waitFor({ timeout: 5_000 });
}

/** Waits until the diagnostics card shows `words` (a diagnostic's short name). */
async function waitForDiagnostic(page: Page, words: RegExp, timeout = 20_000): Promise<void> {
  await page.getByTestId('diagnostics').getByText(words).first().waitFor({ timeout });
}

describe('lessons', () => {
  e2e('each lesson loads from the Lessons menu: its settings in the URL, its explanation and goal shown', async () => {
    const session = await openPlayground();
    const { page } = session;
    expect(await page.getByTestId('lessons').getByRole('button').count()).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      await openLesson(page, lesson);
      const url = new URLSearchParams(new URL(page.url()).hash.slice(1));
      for (const [key, value] of new URLSearchParams(lesson.hash)) expect(url.get(key), `${lesson.id}: ${key}`).toBe(value);
      expect(await text(page, 'lesson-goal')).toContain(lesson.goal);
      expect(await lessonButton(page, lesson).getAttribute('aria-pressed')).toBe('true');
    }
    await closeClean(session);
  });

  e2e('a lesson is a link: opening its URL shows the lesson', async () => {
    const lesson = byId('init-scale');
    const session = await openPlayground({ hash: lessonHash(lesson) });
    const { page } = session;
    await page.getByTestId('lesson').getByRole('heading', { name: lesson.title, exact: true }).waitFor({ timeout: 5_000 });
    expect(await page.getByRole('combobox', { name: 'Initialization', exact: true }).inputValue()).toBe('random:10');
    await snap(page, 'lesson-init-scale');
    await page.getByRole('button', { name: 'Close the lesson', exact: true }).click();
    await page.getByTestId('lesson').waitFor({ state: 'detached', timeout: 5_000 });
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('lesson')).toBe('');
    await closeClean(session);
  });

  // The lessons whose goal is a diagnostic: played, the page reports it.
  for (const [title, id, words] of [
    ['zero initialization: the page reports identical units', 'zero-init', /identical units/i],
    ['a learning rate too large: the page reports the cost rising (or the divergence)', 'large-lr', /cost rising|diverged/i],
    ['a deep sigmoid network: the page reports vanishing gradients', 'vanishing', /vanishing gradients/i],
  ] as const) {
    e2e(title, async () => {
      const session = await openPlayground();
      const { page } = session;
      await openLesson(page, byId(id));
      await play(page);
      await waitForDiagnostic(page, words);
      await button(page, 'Pause').click();
      await closeClean(session);
    });
  }

  e2e("GD, momentum and Adam on moons: Adam stops at epoch 10000 with the course's 94.0% train accuracy", async () => {
    const session = await openPlayground();
    const { page } = session;
    await openLesson(page, byId('optimizers'));
    await page.getByTestId('lesson').getByRole('button', { name: 'Adam', exact: true }).click();
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('optimizer') === 'adam', undefined, { timeout: 5_000 });
    await play(page);
    await waitForEpoch(page, { equal: 10000 }, 90_000);
    // Play stopped by itself at the lesson's end.
    await button(page, 'Play').waitFor({ timeout: 5_000 });
    expect(await settledEpoch(page)).toBe(10000);
    expect(await shownPercent(page, 'train-accuracy')).toBe(94.0);
    await snap(page, 'lesson-adam-moons');
    await closeClean(session);
  });

  e2e('the lessons fit a phone', async () => {
    const session = await openPlayground({ viewport: PHONE });
    const { page } = session;
    await openLesson(page, byId('optimizers'));
    for (const element of [page.getByTestId('lesson'), page.getByTestId('lessons')]) {
      const box = await element.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await closeClean(session);
  });
});
