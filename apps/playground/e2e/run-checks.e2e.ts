// Core's whole-run checks on the page (issue 13, item 4): data that cannot give a useful model is
// said with the run's first frame, beside the data card; a learning rate too small to move the
// weights is said ten updates on, beside the learning rate. Each in plain words in the panel.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { button, closeClean, openPlayground, play, pause, select, e2e, scratchFolder, snap, waitForEpoch, waitReady } from './harness';
import { ringsCsv } from '../src/worker/test-support/circles';

const scratch = scratchFolder('checks');

/** The diagnostics panel's entry whose name is `short` (its text), waited for. */
async function entry(page: Page, short: string): Promise<string> {
  const found = page.getByTestId('diagnostics').locator('.diag', { has: page.locator('strong', { hasText: short }) });
  await found.waitFor({ timeout: 10_000 });
  return (await found.textContent()) ?? '';
}

describe('whole-run checks', () => {
  e2e('a file of one class: "one class" in the panel and beside the data, again after Reset, gone with other data', async () => {
    const session = await openPlayground();
    const { page } = session;
    const path = scratch('zeros.csv');
    writeFileSync(path, ringsCsv(200, 0));
    await page.getByLabel('Upload data', { exact: true }).setInputFiles(path);
    await page.getByTestId('uploaded-data').waitFor({ timeout: 10_000 });
    await waitReady(page);
    expect(await entry(page, 'One class')).toMatch(/^One class \(epoch 0\): Every training example has the same label, .*every training label is the same class \(0\)/);
    const badge = page.locator('section[aria-label="Data"] .badge', { hasText: 'one class' });
    await badge.waitFor({ timeout: 5_000 });
    expect(await badge.getAttribute('title')).toMatch(/^Every training example has the same label/);
    await snap(page, 'single-class');
    await button(page, 'Reset').click();
    await waitReady(page);
    expect(await entry(page, 'One class')).toContain('epoch 0');
    await button(page, 'Use generated data').click();
    await page.getByTestId('uploaded-data').waitFor({ state: 'detached', timeout: 10_000 });
    await waitReady(page);
    expect(await page.getByTestId('diagnostics').locator('.diag').count()).toBe(0);
    await closeClean(session);
  });

  e2e('a learning rate of 1e-12: "not learning" beside the learning rate once ten updates are taken', async () => {
    const session = await openPlayground({ hash: 'learningRate=1e-12' });
    const { page } = session;
    expect(await select(page, 'Learning rate').inputValue()).toBe('1e-12');
    await play(page);
    await waitForEpoch(page, { above: 10 });
    await pause(page);
    expect(await entry(page, 'Not learning')).toMatch(/^Not learning \(epoch 1\d\): The weights have hardly moved .*The learning rate 1e-12 is too small/);
    const field = page.locator('.field', { has: select(page, 'Learning rate') });
    await field.locator('.badge', { hasText: 'not learning' }).waitFor({ timeout: 5_000 });
    await snap(page, 'not-learning');
    await closeClean(session);
  });
});
