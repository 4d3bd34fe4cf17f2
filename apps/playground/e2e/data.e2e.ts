// End-to-end checks of issue 11's own data, against the built app: a CSV uploaded with the file
// picker or dropped on the data card becomes the run's data (classes from the label's values) and
// trains; a malformed file or a label column that does not parse shows core's message with its
// line and column, and the previous data and run are kept; Use generated data goes back.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { button, closeClean, openPlayground, pause, PHONE, play, select, shownNumber, e2e, scratchFolder, snap, text, waitForEpoch, waitReady } from './harness';

const scratch = scratchFolder('data');

/** Two blobs labelled by name: `u,v,kind`. */
function blobsCsv(names: string[], m = 40): string {
  const lines = ['u,v,kind'];
  names.forEach((name, k) => {
    for (let j = 0; j < m; j++) lines.push(`${(k * 3 + Math.cos(j)).toFixed(4)},${(k * 2 + Math.sin(j * 1.7)).toFixed(4)},${name}`);
  });
  return `${lines.join('\n')}\n`;
}

function file(name: string, content: string): string {
  const path = scratch(name);
  writeFileSync(path, content);
  return path;
}

async function uploadedText(page: Page): Promise<string> {
  await page.getByTestId('uploaded-data').waitFor({ timeout: 10_000 });
  return text(page, 'uploaded-data');
}

describe('your own data', () => {
  e2e('an uploaded CSV becomes the data, its classes from the label, and trains', async () => {
    const session = await openPlayground();
    const { page } = session;
    await page.getByLabel('Upload data', { exact: true }).setInputFiles(file('pets.csv', blobsCsv(['cat', 'dog'])));
    expect(await uploadedText(page)).toMatch(/pets\.csv: 80 examples; x₁ = u, x₂ = v; label kind: 2 classes \(cat, dog\): classification/);
    await waitReady(page);
    expect(await select(page, 'Label column').inputValue()).toBe('kind');
    const first = await shownNumber(page, 'train-cost');
    await play(page);
    await waitForEpoch(page, { above: 30 });
    await pause(page);
    expect(await shownNumber(page, 'train-cost')).toBeLessThan(first);
    await snap(page, 'uploaded-data');

    // Export data: the same examples, their class names, and which set each is in (80% train).
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export data').click()]);
    expect(download.suggestedFilename()).toBe('pets-data.csv');
    const exported = scratch('exported.csv');
    await download.saveAs(exported);
    const rows = readFileSync(exported, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('x1,x2,y,set');
    const original = blobsCsv(['cat', 'dog']).trim().split('\n').slice(1).map((l) => l.split(','));
    const back = rows.slice(1).map((l) => l.split(','));
    expect(back.map((r) => [Number(r[0]), Number(r[1]), r[2]])).toEqual(original.map((r) => [Number(r[0]), Number(r[1]), r[2]]));
    expect(back.filter((r) => r[3] === 'test')).toHaveLength(16);
    expect(back.filter((r) => r[3] === 'train')).toHaveLength(64);
    await closeClean(session);
  });

  e2e('a malformed file or an unusable label column: the message with its line and column, the data and run kept', async () => {
    const session = await openPlayground();
    const { page } = session;
    await page.getByLabel('Upload data', { exact: true }).setInputFiles(file('pets.csv', blobsCsv(['cat', 'dog'])));
    await uploadedText(page);
    await waitReady(page);
    await button(page, 'Step').click();
    await waitForEpoch(page, { equal: 1 });
    const cost = await text(page, 'train-cost');

    await page.getByLabel('Upload data', { exact: true }).setInputFiles(file('bad.csv', 'u,v,kind\n1,2,cat\n3,x,dog\n'));
    await page.getByTestId('data-notice').getByText(/^bad\.csv:3:3: 'x' is not a number \(column "v"\)/).waitFor({ timeout: 10_000 });
    expect(await text(page, 'data-notice')).toContain('The previous data is kept');
    expect(await uploadedText(page)).toContain('pets.csv');
    expect(await text(page, 'epoch')).toBe('1');
    expect(await text(page, 'train-cost')).toBe(cost);

    // The label picker: u as the label leaves the class names as a feature, which is no number.
    await select(page, 'Label column').selectOption('u');
    await page.getByTestId('data-notice').getByText(/pets\.csv:2:\d+: 'cat' is not a number \(column "kind"\)/).waitFor({ timeout: 10_000 });
    expect(await select(page, 'Label column').inputValue()).toBe('kind');
    expect(await text(page, 'train-cost')).toBe(cost);
    await snap(page, 'upload-refused');
    await play(page);
    await waitForEpoch(page, { above: 5 });
    await pause(page);
    await closeClean(session);
  });

  e2e('a CSV dropped on the data card is uploaded; Use generated data goes back to the flower', async () => {
    const session = await openPlayground({ viewport: PHONE });
    const { page } = session;
    const transfer = await page.evaluateHandle((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'three.csv', { type: 'text/csv' }));
      return data;
    }, blobsCsv(['a', 'b', 'c'], 20));
    await page.dispatchEvent('section[aria-label="Data"]', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('section[aria-label="Data"]', 'drop', { dataTransfer: transfer });
    expect(await uploadedText(page)).toMatch(/three\.csv: 60 examples; .* 3 classes \(a, b, c\): multi-class/);
    await waitReady(page);
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('problem')).toBe('multiclass');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await button(page, 'Use generated data').click();
    await page.getByTestId('uploaded-data').waitFor({ state: 'detached', timeout: 10_000 });
    await waitReady(page);
    await select(page, 'Dataset').waitFor({ timeout: 5_000 });
    await closeClean(session);
  });
});
