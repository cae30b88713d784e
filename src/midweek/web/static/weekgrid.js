/* The week grid (Plan page): the form works without this file, a checkbox per half hour.
   This adds drag selection (a rectangle from where the pointer went down, ticking or
   unticking as the first cell did; a finger holds a moment first, so a swipe still
   scrolls the page), one tab stop with arrow-key movement (roving
   tabindex; Space or Enter ticks), and a live region that says what was chosen. */
"use strict";

(function () {
  const table = document.querySelector("table.week-grid");
  if (!table) return;
  const said = document.getElementById("grid-said");
  const rows = Array.from(table.tBodies[0].rows, (tr) => Array.from(tr.querySelectorAll("input.slot")));
  const days = Array.from(table.tHead.rows[0].cells).slice(1).map((th) => th.abbr);
  const words = table.dataset;
  let current = rows.flat().find((c) => c.checked) || rows[0][0];
  let drag = null;
  let swallowClick = false;
  const HOLD_MS = 350;

  function where(cell) {
    for (let r = 0; r < rows.length; r++) {
      const c = rows[r].indexOf(cell);
      if (c >= 0) return [r, c];
    }
    return null;
  }

  function clock(cell, later) {
    const [h, m] = cell.value.slice(4).split(":").map(Number);
    const minute = h * 60 + m + (later ? 30 : 0);
    return String(Math.floor(minute / 60)).padStart(2, "0") + ":" + String(minute % 60).padStart(2, "0");
  }

  function announce(r0, c0, r1, c1, chosen) {
    const [top, bottom] = [Math.min(r0, r1), Math.max(r0, r1)];
    const [left, right] = [Math.min(c0, c1), Math.max(c0, c1)];
    const span = clock(rows[top][left], false) + " " + words.to + " " + clock(rows[bottom][left], true);
    const what = left === right ? days[left] + " " + span
      : days[left] + " " + words.to + " " + days[right] + ", " + span;
    said.textContent = (chosen ? words.chosen : words.unchosen).replace("{}", what);
  }

  function focusCell(cell) {
    current.tabIndex = -1;
    current = cell;
    cell.tabIndex = 0;
    cell.focus();
  }

  rows.flat().forEach((cell) => { cell.tabIndex = cell === current ? 0 : -1; });

  table.addEventListener("focusin", (e) => {
    if (e.target.matches("input.slot") && e.target !== current) focusCell(e.target);
  });

  table.addEventListener("keydown", (e) => {
    const cell = e.target;
    const at = cell.matches && cell.matches("input.slot") ? where(cell) : null;
    if (!at) return;
    let [r, c] = at;
    switch (e.key) {
      case "ArrowUp": r = Math.max(0, r - 1); break;
      case "ArrowDown": r = Math.min(rows.length - 1, r + 1); break;
      case "ArrowLeft": c = Math.max(0, c - 1); break;
      case "ArrowRight": c = Math.min(days.length - 1, c + 1); break;
      case "Home": c = 0; break;
      case "End": c = days.length - 1; break;
      case "Enter": e.preventDefault(); cell.click(); return;
      default: return;
    }
    e.preventDefault();
    focusCell(rows[r][c]);
  });

  table.addEventListener("change", (e) => {
    const at = where(e.target);
    if (at) announce(at[0], at[1], at[0], at[1], e.target.checked);
  });

  function paint(r, c) {
    drag.to = [r, c];
    const [r0, c0] = drag.from;
    rows.forEach((row, i) => row.forEach((cell, j) => {
      const inside = i >= Math.min(r0, r) && i <= Math.max(r0, r) && j >= Math.min(c0, c) && j <= Math.max(c0, c);
      cell.checked = inside ? drag.mode : drag.before.get(cell);
    }));
  }

  function begin(cell, at) {
    const before = new Map(rows.flat().map((c) => [c, c.checked]));
    drag = { from: at, to: at, mode: !cell.checked, before: before };
    paint(at[0], at[1]);
    focusCell(cell);
  }

  // A finger scrolls the page; holding it still on a half hour for a moment starts a drag.
  let hold = null;
  let downAt = null;
  function letGo() { if (hold) { clearTimeout(hold); hold = null; } }

  table.addEventListener("pointerdown", (e) => {
    const at = e.button === 0 && e.target.matches("input.slot") ? where(e.target) : null;
    if (!at) return;
    if (e.pointerType === "touch") {
      letGo();
      downAt = [e.clientX, e.clientY];
      hold = setTimeout(() => { hold = null; begin(e.target, at); }, HOLD_MS);
      return; // a quick tap ticks the box as it would without this script
    }
    e.preventDefault(); // no text selection while dragging; focus moves in begin()
    begin(e.target, at);
  });

  // Once a held finger drags, the page must not scroll under it.
  table.addEventListener("touchmove", (e) => { if (drag) e.preventDefault(); }, { passive: false });
  table.addEventListener("contextmenu", (e) => { if (drag || hold) e.preventDefault(); });

  table.addEventListener("pointermove", (e) => {
    if (hold && Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > 8) letGo();
    if (!drag) return;
    const under = document.elementFromPoint(e.clientX, e.clientY);
    const at = under && under.matches("input.slot") ? where(under) : null;
    if (at && (at[0] !== drag.to[0] || at[1] !== drag.to[1])) paint(at[0], at[1]);
  });

  function finish(e) {
    letGo();
    if (!drag) return;
    if (e.type === "pointercancel") { // the page scrolled instead: put everything back
      rows.flat().forEach((cell) => { cell.checked = drag.before.get(cell); });
    } else {
      announce(drag.from[0], drag.from[1], drag.to[0], drag.to[1], drag.mode);
      swallowClick = true; // the click that follows would tick the last cell again
      setTimeout(() => { swallowClick = false; }, 0);
    }
    drag = null;
  }
  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", finish);

  table.addEventListener("click", (e) => {
    if (swallowClick && e.target.matches("input.slot")) {
      e.preventDefault();
      swallowClick = false;
    }
  });
})();
