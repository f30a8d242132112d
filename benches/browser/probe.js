// The in-page stopwatch of the browser benchmark (benches/browser.rs), installed into the app's
// page through WebDriver's Execute Script (the app's CSP forbids inline scripts, not that).
//
// `arm(spec)` starts recording before the harness acts on the page:
//   spec.trigger  the event whose first occurrence (captured on window) starts the clock:
//                 'change' for the file input, 'click' for a button, 'input' for a field;
//   spec.done     'loaded' (the C1 card shows a figure and the ranking table has rows, or the
//                 app refused the file with an alert) or { changed: css } (the text of css
//                 differs from its text at arm time).
// `result(timeoutMs)` resolves once the screen shows the result and has settled, with
// milliseconds since the trigger:
//   dom      the last DOM change (MutationObserver);
//   layout   style and layout of the first frame after it (forced in its animation frame);
//   total    that frame painted (the first task after it);
// plus how responsive the page stayed meanwhile: the longest gap between animation frames and
// the long tasks (PerformanceObserver 'longtask') in that interval.
//
// Yew renders in chunks and yields to the browser between them (setTimeout), so frames can show
// a partial update; the probe waits until the DOM has stayed unchanged for several frames and
// reports the frame that followed the last change.
window.parkcheckProbe = window.parkcheckProbe || {
  arm(spec) {
    const text = css => {
      const el = document.querySelector(css);
      return el ? el.textContent : null;
    };
    const done =
      spec.done === 'loaded'
        ? () => {
            const c1 = document.querySelector('#card-C1 .observed');
            const shown = !!c1 && c1.textContent.trim() !== '' &&
              !!document.querySelector('#enterprise-table tbody tr');
            return shown || !!document.querySelector('[role=alert]');
          }
        : (before => () => {
            const now = text(spec.done.changed);
            return now !== null && now !== before;
          })(text(spec.done.changed));
    // Frames without a DOM change after which the update counts as finished.
    const QUIET_FRAMES = 5;
    const run = { start: null, dom: null, layout: null, painted: null, frames: [], longTasks: [] };
    this.run = run;
    try {
      run.observer = new PerformanceObserver(list => run.longTasks.push(...list.getEntries()));
      run.observer.observe({ type: 'longtask' });
    } catch (e) {
      run.observer = null;
    }
    run.finished = new Promise(resolve => {
      let lastChange = null; // the latest mutation batch after the trigger
      let shown = false; // done() has held
      let frame = null; // the first frame after lastChange: { layout, painted }
      let quiet = 0;
      const mutations = new MutationObserver(() => {
        if (run.start === null) return;
        lastChange = performance.now();
        shown = shown || done();
        frame = null;
        quiet = 0;
      });
      mutations.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      const tick = () => {
        run.frames.push(performance.now());
        if (shown && frame === null) {
          const f = (frame = {});
          document.documentElement.getBoundingClientRect();
          f.layout = performance.now();
          setTimeout(() => { f.painted = performance.now(); }, 0);
        } else if (shown && frame.painted !== undefined && ++quiet >= QUIET_FRAMES) {
          mutations.disconnect();
          run.dom = lastChange;
          run.layout = frame.layout;
          run.painted = frame.painted;
          resolve();
          return;
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const started = () => {
        run.start = performance.now();
        window.removeEventListener(spec.trigger, started, true);
      };
      window.addEventListener(spec.trigger, started, true);
    });
    return true;
  },

  // Sets a field's value as a user's edit does and fires `input` then `change`.
  setValue(css, value) {
    const el = document.querySelector(css);
    if (!el) return false;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  },

  // Gives up after `timeoutMs`, with what it saw.
  async result(timeoutMs) {
    const run = this.run;
    const late = await Promise.race([
      run.finished.then(() => false),
      new Promise(r => setTimeout(() => r(true), timeoutMs)),
    ]);
    if (late) {
      return { timedOut: timeoutMs, start: run.start, body: document.body.innerText.slice(0, 2000) };
    }
    if (run.observer) {
      run.longTasks.push(...run.observer.takeRecords());
      run.observer.disconnect();
    }
    let maxFrameGap = 0;
    for (let i = 1; i < run.frames.length && run.frames[i - 1] < run.painted; i++) {
      if (run.frames[i] > run.start) maxFrameGap = Math.max(maxFrameGap, run.frames[i] - run.frames[i - 1]);
    }
    const tasks = run.longTasks.filter(t => t.startTime + t.duration > run.start && t.startTime < run.painted);
    const c1 = document.querySelector('#card-C1 .observed');
    const alert = document.querySelector('[role=alert]');
    return {
      refused: alert ? alert.textContent : null,
      total: run.painted - run.start,
      dom: run.dom - run.start,
      layout: run.layout - run.start,
      maxFrameGap,
      longestTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      longTaskSum: tasks.reduce((s, t) => s + t.duration, 0),
      longTasks: tasks.map(t => Math.round(t.duration)),
      longTaskSupported: run.observer !== null,
      tableRows: document.querySelectorAll('#enterprise-table tbody tr').length,
      // Elements on the page, and in its largest sections: what rendering had to build.
      nodes: document.getElementsByTagName('*').length,
      sections: [...document.querySelectorAll('main > section, main > div, main section > section, main section > div, details')]
        .map(e => `${e.id || e.className || e.tagName}:${e.getElementsByTagName('*').length}`)
        .filter(s => +s.split(':').pop() > 100),
      c1: c1 ? c1.textContent : null,
      title: (document.querySelector('.results-title') || {}).textContent || null,
      // The page's own User Timing entries (`parkcheck:…`) in the interval, in ms since the
      // trigger: where the time went.
      stages: performance
        .getEntries()
        .filter(e => (e.entryType === 'mark' || e.entryType === 'measure') &&
          e.name.startsWith('parkcheck:') && !e.name.endsWith(':start') &&
          e.startTime >= run.start && e.startTime <= run.painted)
        .sort((a, b) => a.startTime - b.startTime)
        .map(e => e.entryType === 'mark'
          ? `${e.name.slice(10)} @${Math.round(e.startTime - run.start)}`
          : `${e.name.slice(10)} @${Math.round(e.startTime - run.start)}+${Math.round(e.duration)}`),
    };
  },
};
return true;
