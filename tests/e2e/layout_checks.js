// Read by tests/e2e/test_accessibility.py (LAYOUT): see there for what it checks.
(() => {
  const problems = [];
  const name = (el) => el.id ? `#${el.id}` : el.tagName.toLowerCase() +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const shown = (el) => { const box = el.getBoundingClientRect(); const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.opacity !== "0"; };
  const level = (a, b) => a.top < b.bottom && b.top < a.bottom;
  for (const input of document.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
    if (!shown(input) || !input.labels || !input.labels.length) continue;
    const box = input.getBoundingClientRect(), label = input.labels[0];
    let first;
    if (label.contains(input)) {  // <label><input> text</label>: where its text starts
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && !first; node = walker.nextNode()) {
        if (!node.textContent.trim() ||
            !(input.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const range = document.createRange(); range.selectNodeContents(node);
        first = range.getClientRects()[0];
      }
    } else {
      first = label.getClientRects()[0];
    }
    if (first && !(level(first, box) && first.left >= box.right - 1))
      problems.push(`${name(input)} is not beside its label “${label.textContent.trim().slice(0, 40)}”`);
  }
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.tabIndex < 0 || !el.getAttribute("role") ||
        !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      problems.push(`${name(el)} scrolls sideways but is not a focusable, named region`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth)
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
  for (const time of document.querySelectorAll("td time, th time")) {
    const text = time.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE || !shown(time)) continue;
    let start = 0;
    for (const part of text.textContent.split(", ")) {
      const range = document.createRange();
      range.setStart(text, start); range.setEnd(text, start + part.length);
      start += part.length + 2;
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) problems.push(`the date “${text.textContent}” breaks inside “${part}”`);
    }
  }
  for (const label of document.querySelectorAll("svg.chart text")) {
    if (!shown(label)) continue;
    const px = parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a;
    if (px < 12) problems.push(`chart text “${label.textContent}” is ${px.toFixed(1)} px`);
  }
  return problems;
})
