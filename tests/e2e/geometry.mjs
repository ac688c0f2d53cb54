// What a person sees, measured in the page: functions run by Playwright's `page.evaluate` (the
// screen test) and by WebDriver's `executeScript` (its core in the cross-engine suite). Each is
// self-contained, as both send its source to the page.

/** The page's width, and (to say where to look) the outermost elements reaching past its edge. */
export function pastTheEdge() {
  const past = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && !e.parentElement.closest('[data-past]') && e.setAttribute('data-past', '') === undefined);
  const names = past.slice(0, 5).map((e) => `<${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''}> to ${Math.round(e.getBoundingClientRect().right)} px`);
  past.forEach((e) => e.removeAttribute('data-past'));
  return { width: document.scrollingElement.scrollWidth, past: names };
}

/**
 * Words drawn on more than one line inside headings, table headers, chips and buttons. A word is
 * a run of text between spaces, ending after a hyphen or slash (where breaking is fine: "BPV-" /
 * "organisatie"); its line boxes are its Range's client rects, merged where they share a line.
 */
export function brokenWords() {
  const selector = 'h1, h2, h3, h4, h5, h6, th, .chip, .band-chip, button, a.button, .action, header.top nav a';
  const found = [];
  const seen = new Set();
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.visually-hidden, #first-paint')) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A button inside a table header is one element: its text is checked once.
      if (seen.has(node) || node.parentElement.closest('.visually-hidden')) continue;
      seen.add(node);
      for (const m of node.data.matchAll(/[^\s\-‐–—/]+[\-‐–—/]*/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = [];
        for (const r of range.getClientRects()) {
          if (r.width > 0 && r.height > 0 && !lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
        }
        if (lines.length > 1) found.push(`<${el.tagName.toLowerCase()}${el.className ? '.' + el.className.split(' ')[0] : ''}> "${m[0]}" on ${lines.length} lines`);
      }
    }
  }
  return found;
}

/** Heading levels whose sizes are not clearly stepped: each level ≥ 1.1× the next present one. */
export function headingSteps() {
  const sizes = {};
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    if (!h.getClientRects().length || h.closest('.visually-hidden')) continue;
    const px = parseFloat(getComputedStyle(h).fontSize);
    const level = Number(h.tagName[1]);
    sizes[level] = { min: Math.min(px, sizes[level]?.min ?? Infinity), max: Math.max(px, sizes[level]?.max ?? 0) };
  }
  const levels = Object.keys(sizes).map(Number).sort();
  const flat = [];
  for (let i = 1; i < levels.length; i++) {
    const [a, b] = [sizes[levels[i - 1]], sizes[levels[i]]];
    if (a.min < b.max * 1.1) flat.push(`h${levels[i - 1]} ${a.min} px vs h${levels[i]} ${b.max} px`);
  }
  return flat;
}
