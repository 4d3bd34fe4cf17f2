// The lessons menu (a button per lesson, inside data-testid="lessons") and the open lesson's card:
// what to watch, the goal, and its variations. A lesson is only settings (a link); opening one
// writes them, and the worker reconfigures as for any other change.
import { LESSONS, lessonById, lessonSettings, withVariant } from '../lessons';
import { settings, status, updateSettings } from '../state';

export function LessonsMenu() {
  const current = settings.value.lesson;
  return (
    <section class="panel lessons-panel" aria-label="Lessons">
      <h2>Lessons</h2>
      <div class="lesson-list" data-testid="lessons">
        {LESSONS.map((lesson) => (
          <button
            key={lesson.id}
            type="button"
            class={lesson.id === current ? 'active' : ''}
            aria-pressed={lesson.id === current}
            title={lesson.watch}
            onClick={() => {
              status.value = 'idle';
              updateSettings(() => lessonSettings(lesson));
            }}
          >
            {lesson.title}
          </button>
        ))}
      </div>
    </section>
  );
}

export function LessonCard() {
  const s = settings.value;
  const lesson = lessonById(s.lesson);
  if (lesson === undefined) return null;
  return (
    <section class="lesson-card" aria-label={`Lesson: ${lesson.title}`} data-testid="lesson">
      <div class="lesson-text">
        <h2>{lesson.title}</h2>
        <p>
          <strong>Watch:</strong> {lesson.watch}
        </p>
        <p data-testid="lesson-goal">
          <strong>Goal:</strong> {lesson.goal}
        </p>
      </div>
      <div class="lesson-actions" role="group" aria-label="Compare">
        {lesson.variants.map((variant) => {
          const applied = Object.entries(variant.change).every(([key, value]) => JSON.stringify(s[key as keyof typeof s]) === JSON.stringify(value));
          return (
            <button key={variant.label} type="button" aria-pressed={applied} class={applied ? 'active' : ''} onClick={() => updateSettings((x) => withVariant(x, variant))}>
              {variant.label}
            </button>
          );
        })}
        <button type="button" class="small" aria-label="Close the lesson" onClick={() => updateSettings((x) => ({ ...x, lesson: '', stopAt: 0 }))}>
          ✕
        </button>
      </div>
    </section>
  );
}
