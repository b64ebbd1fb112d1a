// subtitler preview: hover, select, zoom and seek. Text goes into the page with textContent only
// (cue text is untrusted); the data comes from the JSON element, never from string-built HTML.
(function () {
  "use strict";
  document.body.classList.remove("loading");
  const data = JSON.parse(document.getElementById("preview-data").textContent);
  const player = document.getElementById("player");
  const tip = document.getElementById("tip");
  const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
  let selected = [];

  function clock(ms) {
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const mm = String(m).padStart(h ? 2 : 1, "0"), ss = String(sec).padStart(2, "0");
    return h ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  const sections = data.sections.map((info, s) => {
    const root = document.getElementById("s" + s);
    const bars = [];
    root.querySelectorAll("svg.bars rect").forEach((rect) => { bars[Number(rect.dataset.i)] = rect; });
    return {
      s, info, root, bars,
      rows: root.querySelectorAll(".cues .row:not(.head)"),
      findings: root.querySelectorAll(".findings li"),
      list: root.querySelector("div.findings"),
      scroll: root.querySelector(".scroll"),
      track: root.querySelector(".track"),
      axis: root.querySelector(".axis"),
      box: root.querySelector(".cues"),
      readout: root.querySelector(".zoom .readout"),
      zoom: Number(root.querySelector(".track").dataset.zoom) || 1,
      starts: info.cues.map((c) => c[0]),
    };
  });

  function ticks(sec) {
    const width = sec.track.clientWidth || 1, duration = sec.info.duration;
    const step = STEPS.find((st) => st * width / duration >= 80) || STEPS[STEPS.length - 1];
    // only the ticks around the visible part: a zoomed-in timeline of hours would need tens of thousands
    const perPx = duration / width, view = sec.scroll.clientWidth, left = sec.scroll.scrollLeft;
    const from = Math.floor(Math.max(0, (left - view) * perPx) / step) * step;
    const to = Math.min(duration, (left + 2 * view) * perPx);
    const axis = sec.axis;
    axis.replaceChildren();
    const frag = document.createDocumentFragment();
    for (let t = from; t <= to; t += step) {
      const tick = document.createElement("div");
      tick.className = "tick";
      tick.style.left = (t / duration * 100) + "%";
      tick.textContent = clock(t);
      frag.appendChild(tick);
    }
    axis.appendChild(frag);
    const shown = duration / sec.zoom;
    sec.readout.textContent = "one screen ≈ " + clock(shown) + (sec.zoom > 1 ? " (scroll sideways)" : "");
  }

  function setZoom(sec, zoom) {
    const centre = (sec.scroll.scrollLeft + sec.scroll.clientWidth / 2) / (sec.track.clientWidth || 1);
    // at most 5 seconds a screen, and a track narrower than the browser's layout limit (millions of pixels)
    const most = Math.max(1, Math.min(sec.info.duration / 5000, 4e6 / (sec.scroll.clientWidth || 1000)));
    sec.zoom = Math.min(Math.max(zoom, 1), most);
    sec.track.style.width = (sec.zoom * 100) + "%";
    sec.scroll.scrollLeft = centre * sec.track.clientWidth - sec.scroll.clientWidth / 2;
    ticks(sec);
  }

  function reveal(sec, i) {
    const cue = sec.info.cues[i];
    const x = cue[0] / sec.info.duration * sec.track.clientWidth;
    const left = sec.scroll.scrollLeft, width = sec.scroll.clientWidth;
    if (x < left || x > left + width - 40) sec.scroll.scrollLeft = x - width / 3;
  }

  function select(sec, i, from) {
    selected.forEach((el) => el.classList.remove("sel"));
    const row = sec.rows[i];
    selected = [sec.bars[i], row].concat(sec.info.cues[i].slice(3).map((f) => sec.findings[f])).filter(Boolean);
    selected.forEach((el) => el.classList.add("sel"));
    if (row && from !== "table") {
      row.parentElement.style.contentVisibility = "visible";  // a skipped chunk has no layout to scroll to
      sec.box.scrollTop = row.offsetTop - sec.box.clientHeight / 3;
    }
    const first = sec.findings[sec.info.cues[i][3]];
    if (first && from !== "findings") {
      first.parentElement.style.contentVisibility = "visible";
      sec.list.scrollTop = first.offsetTop - sec.list.clientHeight / 3;
    }
    if (from !== "timeline") reveal(sec, i);
    if (player) {
      for (let k = 0; k < player.textTracks.length; k++) {
        player.textTracks[k].mode = k === sec.s ? "showing" : "disabled";
      }
      player.currentTime = sec.info.cues[i][0] / 1000;
    }
  }

  function cueAt(sec, ms) {
    // the last cue that starts at or before ms (binary search: the cues of a file are in start order)
    let lo = 0, hi = sec.starts.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sec.starts[mid] <= ms) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function showTip(sec, target, event) {
    const i = Number(target.dataset.i);
    const row = sec.rows[i];
    if (!row) return;
    const cells = row.children;
    tip.querySelector(".head").textContent = "#" + (i + 1) + " · " + cells[2].textContent + "–" +
      cells[3].textContent + " · " + cells[4].textContent;
    tip.querySelector(".body").textContent = cells[5].textContent;
    const notes = sec.info.cues[i].slice(3).map((f) => sec.findings[f]).filter(Boolean)
      .map((li) => li.textContent.trim());
    tip.querySelector(".foot").textContent = [cells[6].textContent + " cps · " + cells[7].textContent + " wpm"]
      .concat(notes).join("\n");
    tip.hidden = false;
    const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = event.clientY + 18 + tip.offsetHeight > window.innerHeight ? event.clientY - tip.offsetHeight - 10
      : event.clientY + 18;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  sections.forEach((sec) => {
    sec.root.addEventListener("mousemove", (event) => {
      const target = event.target;
      if (target instanceof SVGRectElement && target.dataset.i !== undefined) showTip(sec, target, event);
      else tip.hidden = true;
    });
    sec.root.addEventListener("mouseleave", () => { tip.hidden = true; });
    sec.root.addEventListener("click", (event) => {
      const target = event.target;
      const zoom = target.closest("button[data-zoom]");
      if (zoom) {
        const how = zoom.dataset.zoom;
        setZoom(sec, how === "in" ? sec.zoom * 2 : how === "out" ? sec.zoom / 2 : 1);
        return;
      }
      if (target.closest("svg.chart")) {
        const box = target.closest("svg.chart").getBoundingClientRect();
        if (sec.starts.length) select(sec, cueAt(sec, (event.clientX - box.left) / box.width * sec.info.duration), "chart");
        return;
      }
      const hit = target.closest("[data-i]");
      if (!hit || !sec.root.contains(hit)) return;
      const from = hit.classList.contains("row") ? "table" : hit instanceof SVGElement ? "timeline" : "findings";
      select(sec, Number(hit.dataset.i), from);
    });
    sec.scroll.addEventListener("scroll", () => {
      if (sec.pending) return;
      sec.pending = true;
      requestAnimationFrame(() => { sec.pending = false; ticks(sec); });
    });
    ticks(sec);
  });
  window.addEventListener("resize", () => sections.forEach(ticks));
  window.subtitlerPreview = { select: (s, i) => select(sections[s], i, "api") };

  // "rendered": after the first frame that shows the page (the benchmark and the tests wait for it)
  requestAnimationFrame(() => setTimeout(() => {
    void document.body.offsetHeight;  // layout done (a no-op when the frame has laid it out)
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.ready = "1";
  }, 0));
})();
