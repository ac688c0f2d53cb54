// Competentiescan's first paint: index.html carries the start page in Dutch and English
// (#first-paint) until the app mounts; this shows the one in the language of the last visit,
// read the way the app reads it (localStorage "competentiescan.settings", src/ui/persist.rs).
// Loaded in <head> as a classic blocking script, so it has run before the first frame: no
// Dutch frame before an English one. It never throws: without storage the page stays Dutch.
'use strict';
try {
  const settings = JSON.parse(localStorage.getItem('competentiescan.settings'));
  if (settings && settings.lang === 'en') document.documentElement.lang = 'en';
} catch (e) {
  // Storage blocked or the value unreadable: the app shows Dutch then too.
}
