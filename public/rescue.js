// Competentiescan's rescue: the two buttons of the message the Rust panic hook puts on the page
// (src/platform/panic.rs). After a panic the WebAssembly instance is dead, so these few lines of
// plain JavaScript do the work: reload, or download every stored draft as an export file the
// app's own import accepts (docs/exchange-format.md). They read localStorage directly:
//   competentiescan.draft.<id>        {"format":"competentiescan-draft","version":n,"revision":n,"scan":{…}}
//   competentiescan.framework.<hash>  the framework the draft was made with (canonical JSON)
// Until such a button is clicked this file does nothing. It never throws: an unreadable entry
// is skipped, counted in the message and logged, and stays in storage untouched.
'use strict';
(() => {
  const PREFIX = 'competentiescan.';

  // Like core::exchange::file_name: letters, digits and '-' only, accents folded (ë → e).
  const safe = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'onbekend';

  /** One export file per readable draft; `skipped` counts the entries that are not. */
  function exportFiles(storage, version) {
    const files = [];
    let skipped = 0;
    const now = new Date().toISOString();
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key || !key.startsWith(PREFIX + 'draft.')) continue;
      try {
        const draft = JSON.parse(storage.getItem(key));
        const scan = draft && draft.format === 'competentiescan-draft' ? draft.scan : null;
        const hash = scan && scan.framework && scan.framework.hash;
        const framework = hash && JSON.parse(storage.getItem(PREFIX + 'framework.' + hash));
        if (!framework || typeof framework !== 'object') throw new Error('no framework copy');
        const file = {
          format: 'competentiescan-export',
          // A draft's scan has the shape of the export format of the same number (1: rater maps,
          // 2: a list of raters), so the app's import migrates it as it migrates any file.
          formatVersion: draft.version,
          app: { name: 'competentiescan', version },
          exportedAt: now,
          framework,
          frameworkHash: hash,
          scan,
        };
        const subject = scan.subject || {};
        const name = `competentiescan_${safe(subject.student)}_${safe(framework.id)}_${safe(String(subject.date ?? '').slice(0, 10))}.json`;
        files.push({ name, label: `${subject.student || '?'} (${framework.title || framework.id})`, text: JSON.stringify(file, null, 2) });
      } catch (e) {
        skipped += 1;
        console.warn(`rescue: ${key} skipped: ${e && e.message}`);
      }
    }
    return { files, skipped };
  }

  function download(crash) {
    const status = crash.querySelector('.rescue-status');
    const list = crash.querySelector('.rescue-files');
    let storage;
    try {
      storage = window.localStorage;
    } catch (e) {
      storage = null;
    }
    const { files, skipped } = storage ? exportFiles(storage, crash.dataset.version) : { files: [], skipped: 0 };
    list.textContent = '';
    // Each file is also a link of its own: a browser may block the second of several downloads
    // started by one click, but never one the user clicks.
    for (const f of files) {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([f.text], { type: 'application/json' }));
      a.download = f.name;
      a.textContent = f.label;
      const li = document.createElement('li');
      li.append(a);
      list.append(li);
      a.click();
    }
    const counted = (n, one, many) => (n === 1 ? one : many.replace('{count}', n));
    const { done, doneOne, none, skipped: skippedMany, skippedOne } = crash.dataset;
    const lines = [files.length ? counted(files.length, doneOne, done) : none];
    if (skipped) lines.push(counted(skipped, skippedOne, skippedMany));
    status.textContent = lines.join(' ');
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('#crash [data-rescue]');
    if (!button) return;
    try {
      if (button.dataset.rescue === 'reload') location.reload();
      else download(button.closest('#crash'));
    } catch (e) {
      console.error('rescue failed', e);
    }
  });
})();
