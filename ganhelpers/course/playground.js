// The GAN playground's canvas (ganhelpers/course/playground.py sends the frames).
// Left: D's map with real points (green), fakes (purple), G's gradient arrows and the latent
// grid; in draw mode clicks add points. Right: running curves. Each frame drawn is acknowledged,
// so Python never sends faster than this draws.

const SIZE = 440;
const CURVE_WIDTH = 340;
const REAL = "#1b7a2f";
const FAKE = "#8e24aa";
const ARROW_SCALE = 0.15; // data units per unit of gradient
const ARROW_MAX = 1.0; // longest arrow, in data units

function floats(view) {
  return new Float32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

function mapColour(value) {
  // 0 → purple (fake), 0.5 → white, 1 → green (real)
  const t = Math.max(0, Math.min(1, value));
  const [r, g, b] = t < 0.5 ? [142, 36, 170] : [27, 122, 47];
  const w = 1 - Math.abs(t - 0.5) * 2;
  return [r + (255 - r) * w, g + (255 - g) * w, b + (255 - b) * w];
}

function drawMap(ctx, frame, toPixel) {
  const map = frame.arrays.map;
  if (!map) return;
  const n = map.shape[0];
  const values = map.data;
  let scale = (v) => v;
  if (frame.map_kind === "score") {
    let top = 1e-6;
    for (const v of values) top = Math.max(top, Math.abs(v));
    scale = (v) => 0.5 + 0.5 * (v / top);
  }
  const image = new ImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = mapColour(scale(values[i]));
    image.data.set([r, g, b, 255], 4 * i);
  }
  const tile = new OffscreenCanvas(n, n);
  tile.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 0.75;
  ctx.drawImage(tile, 0, 0, SIZE, SIZE);
  ctx.globalAlpha = 1;
}

function drawPoints(ctx, array, colour, toPixel, radius) {
  if (!array) return;
  ctx.fillStyle = colour;
  const d = array.data;
  for (let i = 0; i < d.length; i += 2) {
    const [x, y] = toPixel(d[i], d[i + 1]);
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fill();
  }
}

function drawManifold(ctx, array, toPixel) {
  if (!array) return;
  const d = array.data;
  ctx.strokeStyle = "rgba(60, 60, 60, 0.45)";
  ctx.lineWidth = 1;
  const line = (indices) => {
    ctx.beginPath();
    indices.forEach((k, j) => {
      const [x, y] = toPixel(d[2 * k], d[2 * k + 1]);
      j ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.stroke();
  };
  if (array.shape.length === 2) {
    line([...Array(array.shape[0]).keys()]);
    return;
  }
  const n = array.shape[0];
  for (let i = 0; i < n; i++) {
    line([...Array(n).keys()].map((j) => i * n + j));
    line([...Array(n).keys()].map((j) => j * n + i));
  }
}

function drawArrows(ctx, array, toPixel) {
  if (!array) return;
  const d = array.data;
  ctx.strokeStyle = "rgba(40, 40, 40, 0.8)";
  ctx.lineWidth = 1;
  for (let i = 0; i < d.length; i += 4) {
    let [dx, dy] = [d[i + 2] * ARROW_SCALE, d[i + 3] * ARROW_SCALE];
    const length = Math.hypot(dx, dy);
    if (length > ARROW_MAX) [dx, dy] = [(dx * ARROW_MAX) / length, (dy * ARROW_MAX) / length];
    const [x0, y0] = toPixel(d[i], d[i + 1]);
    const [x1, y1] = toPixel(d[i] + dx, d[i + 1] + dy);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    const angle = Math.atan2(y1 - y0, x1 - x0);
    if (Math.hypot(x1 - x0, y1 - y0) > 3) {
      for (const side of [-0.5, 0.5]) {
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - 4 * Math.cos(angle + side), y1 - 4 * Math.sin(angle + side));
      }
    }
    ctx.stroke();
  }
}

const CHARTS = [
  { view: "losses", title: "losses", series: [["d_loss", "D", REAL], ["g_loss", "G", FAKE]] },
  { view: "divergences", title: "KL(real‖fake), JS (nats, on a 20×20 grid)",
    series: [["kl", "KL", "#ef6c00"], ["js", "JS", "#1565c0"]] },
  { view: "quality", title: "quality (share)", range: [0, 1],
    series: [["regions_covered", "modes covered", "#1565c0"], ["high_quality", "high quality", "#ef6c00"]] },
];

function drawCurves(ctx, frame) {
  const history = frame.history;
  ctx.clearRect(0, 0, CURVE_WIDTH, SIZE);
  ctx.font = "11px sans-serif";
  const height = SIZE / CHARTS.length;
  const updates = history.updates;
  CHARTS.forEach((chart, row) => {
    const top = row * height;
    if (!frame.views.includes(chart.view)) {
      ctx.fillStyle = "#999";
      ctx.fillText(`${chart.title}: off`, 40, top + 14);
      return;
    }
    let [low, high] = chart.range || [Infinity, -Infinity];
    if (!chart.range) {
      for (const [key] of chart.series)
        for (const v of history[key]) if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
      if (!(high > low)) [low, high] = [low - 1, low + 1];
    }
    const x0 = 40, x1 = CURVE_WIDTH - 8, y0 = top + 18, y1 = top + height - 16;
    const first = updates[0] || 0, last = Math.max(updates[updates.length - 1] || 1, first + 1);
    const px = (u) => x0 + ((u - first) / (last - first)) * (x1 - x0);
    const py = (v) => y1 - ((v - low) / (high - low)) * (y1 - y0);
    ctx.strokeStyle = "#bbb";
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.fillStyle = "#333";
    ctx.fillText(chart.title, x0, top + 12);
    ctx.fillText(high.toPrecision(3), 2, y0 + 8);
    ctx.fillText(low.toPrecision(3), 2, y1);
    if (row === CHARTS.length - 1) ctx.fillText(`update ${last}`, x1 - 62, y1 + 12);
    chart.series.forEach(([key, label, colour], k) => {
      ctx.strokeStyle = colour;
      ctx.beginPath();
      let started = false;
      history[key].forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const [x, y] = [px(updates[i]), py(v)];
        started ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
        started = true;
      });
      ctx.stroke();
      ctx.fillStyle = colour;
      const value = history[key][history[key].length - 1];
      const text = `${label} ${Number.isFinite(value) ? value.toFixed(3) : "–"}`;
      ctx.fillText(text, x0 + 115 * k, y1 + 12);
    });
  });
}

function render({ model, el }) {
  el.classList.add("gan-playground");
  const row = document.createElement("div");
  row.style.display = "flex";
  row.style.gap = "8px";
  const main = document.createElement("canvas");
  main.width = main.height = SIZE;
  main.className = "gan-playground-map";
  main.style.border = "1px solid #ccc";
  const curves = document.createElement("canvas");
  curves.width = CURVE_WIDTH;
  curves.height = SIZE;
  curves.className = "gan-playground-curves";
  row.append(main, curves);
  const caption = document.createElement("div");
  caption.className = "gan-playground-caption";
  caption.style.font = "13px sans-serif";
  caption.style.minHeight = "2.6em";
  el.append(row, caption);

  const ctx = main.getContext("2d");
  const curveCtx = curves.getContext("2d");
  let frame = null;
  let scheduled = false;
  let pending = [];
  let drawnFrames = 0;

  const toPixel = (x, y) => {
    const e = frame ? frame.extent : 4;
    return [((x + e) / (2 * e)) * SIZE, ((e - y) / (2 * e)) * SIZE];
  };
  const toData = (px, py) => {
    const e = frame ? frame.extent : 4;
    return [(px / SIZE) * 2 * e - e, e - (py / SIZE) * 2 * e];
  };

  function draw() {
    scheduled = false;
    if (!frame) return;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, SIZE, SIZE);
    drawMap(ctx, frame, toPixel);
    drawManifold(ctx, frame.arrays.manifold, toPixel);
    drawPoints(ctx, frame.arrays.real, REAL, toPixel, 2);
    drawPoints(ctx, frame.arrays.fake, FAKE, toPixel, 2);
    drawArrows(ctx, frame.arrays.arrows, toPixel);
    ctx.fillStyle = "#ef6c00";
    for (const [x, y] of pending) {
      const [px, py] = toPixel(x, y);
      ctx.fillRect(px - 3, py - 3, 6, 6);
    }
    drawCurves(curveCtx, frame);
    const parts = [
      `update ${frame.updates} (D steps ${frame.d_updates}, G steps ${frame.g_updates})`,
      `target: ${frame.target}`,
      `step: ${frame.step_class}`,
    ];
    if (frame.map_kind) parts.push(frame.map_kind === "probability" ? "map: D's P(real)" : "map: D's score (scaled)");
    if (frame.gradient_norm !== undefined) parts.push(`mean |∂L_G/∂x| ${frame.gradient_norm.toFixed(3)}`);
    caption.textContent = parts.join(" · ") + (frame.caption ? `\n${frame.caption}` : "");
    caption.style.whiteSpace = "pre-line";
    drawnFrames += 1;
    Object.assign(el.dataset, {
      updates: frame.updates, dUpdates: frame.d_updates, gUpdates: frame.g_updates,
      frame: frame.number, framesDrawn: drawnFrames, target: frame.target, playing: frame.playing,
    });
    model.send({ kind: "drawn", number: frame.number });
  }

  model.on("msg:custom", (message, buffers) => {
    if (message.kind === "clear") {
      pending = [];
      if (!scheduled) { scheduled = true; requestAnimationFrame(draw); }
      return;
    }
    if (message.kind !== "frame") return;
    const arrays = {};
    for (const [name, { index, shape }] of Object.entries(message.arrays)) {
      arrays[name] = { data: floats(buffers[index]), shape };
    }
    frame = { ...message, arrays };
    draw(); // at once: Python sends at most two frames ahead of the drawing
  });

  let down = false;
  let last = null;
  const addPoint = (event) => {
    const box = main.getBoundingClientRect();
    const point = toData(event.clientX - box.left, event.clientY - box.top);
    if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < 0.15) return;
    pending.push(point);
    last = point;
    if (!scheduled) { scheduled = true; requestAnimationFrame(draw); }
  };
  main.addEventListener("mousedown", (event) => {
    if (!model.get("drawing")) return;
    down = true;
    last = null;
    addPoint(event);
  });
  main.addEventListener("mousemove", (event) => { if (down) addPoint(event); });
  window.addEventListener("mouseup", () => {
    if (!down) return;
    down = false;
    model.send({ kind: "draw", points: pending });
  });
  model.on("change:drawing", () => { main.style.cursor = model.get("drawing") ? "crosshair" : "default"; });
}

export default { render };
