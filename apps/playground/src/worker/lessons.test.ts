// Every lesson's link decodes cleanly, and its goal holds when the session runs it exactly as the
// page would: the course's C2W1 and C2W2 accuracies are reproduced, and the diagnostics each
// lesson points at are raised.
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById, lessonHash, lessonSettings, withVariant, type Lesson } from '../lessons';
import type { DiagnosticItem, PlaygroundSettings, Snapshot } from '../protocol';
import { decodeSettings, liveOf, structureOf } from '../settings';
import { PlaygroundSession } from './session';

function lesson(id: string): Lesson {
  const found = lessonById(id);
  if (found === undefined) throw new Error(`no lesson ${id}`);
  return found;
}

function variantSettings(id: string, label: string): PlaygroundSettings {
  const l = lesson(id);
  const variant = l.variants.find((v) => v.label === label);
  if (variant === undefined) throw new Error(`no variant ${label} in ${id}`);
  return withVariant(lessonSettings(l), variant);
}

/** Runs the settings for `epochs` (or to their stopAt) as the page does, collecting the diagnostics. */
function run(s: PlaygroundSettings, epochs = s.stopAt): { last: Snapshot; diagnostics: DiagnosticItem[] } {
  const session = new PlaygroundSession();
  session.configure(structureOf(s), liveOf(s));
  const diagnostics: DiagnosticItem[] = [];
  let last: Snapshot | null = null;
  for (let e = 0; e < epochs; e += 500) {
    last = session.step(Math.min(500, epochs - e));
    diagnostics.push(...last.diagnostics);
  }
  return { last: last!, diagnostics };
}

const codes = (items: DiagnosticItem[]) => new Set(items.map((d) => d.code));

describe('the lessons', () => {
  it('are at least six links like any other state: each decodes without a notice and names its lesson', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      const { settings, notices } = decodeSettings(lessonHash(l));
      expect(notices, l.id).toEqual([]);
      expect(settings.lesson).toBe(l.id);
      expect(l.variants.length, l.id).toBeGreaterThanOrEqual(2);
      for (const v of l.variants) {
        const varied = withVariant(settings, v);
        expect(varied.lesson, `${l.id}: ${v.label}`).toBe(l.id);
        for (const [key, value] of Object.entries(v.change)) expect(varied[key as keyof PlaygroundSettings], `${l.id}: ${v.label}: ${key}`).toEqual(value);
      }
    }
  });

  it("GD, momentum and Adam on moons reproduce the course's C2W2 accuracies at epoch 10000: 0.797, 0.797, 0.94", () => {
    const s = lessonSettings(lesson('optimizers'));
    expect(s).toMatchObject({ dataset: 'moons', hidden: [5, 2], init: 'he', weightSeed: 3, batchSize: 64, shuffle: 'course', learningRate: 0.0007, stopAt: 10000, trainPercent: 100 });
    const accuracy = (label: string) => run(variantSettings('optimizers', label)).last;
    const gd = accuracy('Gradient descent');
    const momentum = accuracy('Momentum β = 0.9');
    const adam = accuracy('Adam');
    expect(gd.epoch).toBe(10000);
    expect(gd.trainAccuracy.toFixed(3)).toBe('0.797');
    expect(momentum.trainAccuracy.toFixed(3)).toBe('0.797');
    expect(adam.trainAccuracy).toBe(0.94);
  }, 60_000);

  it("×10 random versus He on circles reproduce the course's C2W1 train accuracies at 15000 iterations: 0.83 and 0.993; zeros stay at 0.5", () => {
    const large = run(variantSettings('init-scale', 'Random ×10')).last;
    const he = run(variantSettings('init-scale', 'He')).last;
    const zeros = run(variantSettings('init-scale', 'Zeros'));
    expect(large.epoch).toBe(15000);
    expect(large.trainAccuracy).toBe(0.83);
    expect(he.trainAccuracy.toFixed(3)).toBe('0.993');
    expect(zeros.last.trainAccuracy).toBe(0.5);
    expect(codes(zeros.diagnostics)).toContain('symmetricUnits');
  }, 60_000);

  it('zero initialization: identical units reported at once, the cost stays at ln 2', () => {
    const { last, diagnostics } = run(lessonSettings(lesson('zero-init')), 100);
    expect(codes(diagnostics)).toContain('symmetricUnits');
    expect(last.trainCost).toBeCloseTo(Math.log(2), 6);
  });

  it('overfitting: reported without regularization; L2 and dropout each raise the test accuracy', () => {
    const plain = run(variantSettings('overfitting', 'No regularization'));
    const l2 = run(variantSettings('overfitting', 'L2 λ = 0.1')).last;
    const dropout = run(variantSettings('overfitting', 'Dropout 0.2')).last;
    expect(codes(plain.diagnostics)).toContain('overfitting');
    expect(plain.last.trainAccuracy - plain.last.testAccuracy).toBeGreaterThan(0.15);
    expect(l2.testAccuracy).toBeGreaterThan(plain.last.testAccuracy + 0.05);
    expect(dropout.testAccuracy).toBeGreaterThan(plain.last.testAccuracy + 0.05);
  }, 60_000);

  it('a deep sigmoid network reports vanishing gradients and stays near chance; tanh with Xavier trains', () => {
    const sigmoid = run(variantSettings('vanishing', 'Sigmoid'), 1000);
    const tanh = run(variantSettings('vanishing', 'Tanh + Xavier'), 1000);
    expect(codes(sigmoid.diagnostics)).toContain('vanishingGradients');
    expect(sigmoid.last.trainAccuracy).toBeLessThan(0.6);
    expect(codes(tanh.diagnostics)).not.toContain('vanishingGradients');
    expect(tanh.last.trainAccuracy).toBeGreaterThan(0.85);
  }, 60_000);

  it('a learning rate of 10 reports the cost rising; 1.2 does not', () => {
    expect(codes(run(variantSettings('large-lr', 'lr 10'), 200).diagnostics)).toContain('costRising');
    expect(codes(run(variantSettings('large-lr', 'lr 1.2'), 200).diagnostics)).not.toContain('costRising');
  });

  it('dead ReLUs are reported at lr 3; not with leaky ReLU, nor at lr 0.3', () => {
    expect(codes(run(variantSettings('dead-relu', 'ReLU'), 200).diagnostics)).toContain('deadRelu');
    expect(codes(run(variantSettings('dead-relu', 'Leaky ReLU'), 200).diagnostics)).not.toContain('deadRelu');
    expect(codes(run(variantSettings('dead-relu', 'ReLU, lr 0.3'), 200).diagnostics)).not.toContain('deadRelu');
  });
});
