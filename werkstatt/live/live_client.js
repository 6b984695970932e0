// Werkstatt live client (Streamlit components v2, runs in the app page, no iframe).
//
// One EventSource per workshop and browser tab, shared by every live part of the page
// (window.__werkstattLive). A live part (data.w = workshop, data.shown = the revision it was
// drawn from) asks the server to redraw its fragment, via the trigger "changed", as soon as
// the stream reports a newer revision, or when data.wake_at (epoch ms) has passed (the planned
// agenda moves on by the clock). An optional countdown (data.clock) ticks here, once per
// second, from the end instant and the server time: no server work per second.
// While the stream is down, the page's calm German notice replaces Streamlit's English dialog.

const REOPEN_MS = 2000;
const RETRY_MS = 4000;
const RUN_MAX_MS = 8000;

function scriptIdle() {
  const app = document.querySelector('[data-testid="stApp"]');
  return !app || app.getAttribute("data-test-script-state") !== "running";
}

function runtime() {
  if (window.__werkstattLive) return window.__werkstattLive;
  const rt = { streams: new Map(), offsets: [], noticeTimer: null };
  rt.offset = () => (rt.offsets.length ? Math.max(...rt.offsets) : 0);
  rt.serverNow = () => Date.now() + rt.offset();
  rt.sample = (serverMs) => {
    // server time minus arrival time = clock offset minus latency; the largest sample is the best.
    rt.offsets.push(serverMs - Date.now());
    if (rt.offsets.length > 8) rt.offsets.shift();
  };
  // The notice itself belongs to every page (werkstatt/ui/html_lang.py): the event stream is one
  // of its sources, Streamlit's own connection the other.
  rt.notice = (down) => window.__wsNotice && window.__wsNotice("stream", down);
  // Streamlit may drop a fragment's rerun request that arrives while another run is going on:
  // send one request at a time, each when the page's script is idle.
  rt.queue = [];
  rt.busy = false;
  rt.enqueue = (send) => {
    rt.queue.push(send);
    rt.pump();
  };
  rt.pump = () => {
    if (rt.busy || !rt.queue.length) return;
    if (!scriptIdle()) {
      setTimeout(rt.pump, 50);
      return;
    }
    const sent = rt.queue.shift()();
    if (!sent) return rt.pump();
    rt.busy = true;
    const since = Date.now();
    const settle = () => {
      const took = Date.now() - since;
      if ((took > 150 && scriptIdle()) || took > RUN_MAX_MS) {
        rt.busy = false;
        rt.pump();
      } else setTimeout(settle, 50);
    };
    setTimeout(settle, 50);
  };
  rt.anyDown = () => [...rt.streams.values()].some((s) => !s.up);
  rt.open = (w) => {
    const s = rt.streams.get(w);
    const es = new EventSource(`/live/${w}/events`);
    s.es = es;
    es.addEventListener("revision", (ev) => {
      const d = JSON.parse(ev.data);
      rt.sample(d.t);
      if (!s.up) s.epoch += 1; // back after a drop: maybe a restarted server with a new session
      s.up = true;
      if (!rt.anyDown()) rt.notice(false);
      s.mark = d;
      s.listeners.forEach((f) => f(d));
    });
    es.onerror = () => {
      s.up = false;
      rt.notice(true);
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. a proxy answered 502 during a restart): keep trying ourselves.
        setTimeout(() => {
          if (s.es === es && s.listeners.size) rt.open(w);
        }, REOPEN_MS);
      }
    };
  };
  rt.subscribe = (w, listener) => {
    let s = rt.streams.get(w);
    if (!s) {
      s = { mark: null, up: true, epoch: 0, listeners: new Set(), es: null };
      rt.streams.set(w, s);
      rt.open(w);
    }
    s.listeners.add(listener);
    if (s.mark !== null) listener(s.mark);
    return () => {
      s.listeners.delete(listener);
      if (!s.listeners.size) {
        // Other parts may mount again in the same rerun: close a little later if still unused.
        setTimeout(() => {
          if (!s.listeners.size && rt.streams.get(w) === s) {
            s.es.close();
            rt.streams.delete(w);
            if (!rt.anyDown()) rt.notice(false);
          }
        }, 3000);
      }
    };
  };
  window.__werkstattLive = rt;
  return rt;
}

function fmtCountdown(seconds) {
  const two = (n) => String(n).padStart(2, "0");
  if (seconds < 0) {
    const s = Math.floor(-seconds);
    return `+${two(Math.floor(s / 60))}:${two(s % 60)}`;
  }
  const s = Math.ceil(seconds);
  return `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

function stageOf(clock, left) {
  if (clock.state !== "running" && clock.state !== "paused") return "normal";
  if (left < 0) return "overrun";
  const share = clock.duration_s > 0 ? left / clock.duration_s : 0;
  if (share <= clock.critical) return "critical";
  if (share <= clock.warn) return "warn";
  return "normal";
}

function startClock(root, clock, rt) {
  const face = root.querySelector("[data-clock]");
  const bar = root.querySelector("[data-bar]");
  const says = root.querySelector("[data-announce]");
  let lastStage = null;
  let lastText = null;
  const paint = () => {
    const left = clock.state === "running" ? (clock.end_ms - rt.serverNow()) / 1000 : clock.left_s;
    const stage = stageOf(clock, left);
    if (stage !== lastStage) {
      const [fg, bg] = clock.colours[stage];
      root.dataset.stage = stage;
      root.style.color = fg;
      root.style.background = bg;
      if (bar) bar.style.background = fg;
      // Announce only the moment time runs out, never every second.
      if (says && stage === "overrun" && lastStage !== null) says.textContent = "Zeit abgelaufen";
      lastStage = stage;
    }
    const text = clock.state === "running" || clock.state === "paused" ? fmtCountdown(left) : clock.text;
    if (face && text !== lastText) {
      face.textContent = text;
      lastText = text;
    }
    if (bar && clock.duration_s > 0) {
      const done = Math.max(0, Math.min(1, 1 - left / clock.duration_s));
      bar.style.width = `${(done * 100).toFixed(1)}%`;
    }
  };
  paint();
  if (clock.state !== "running") return () => {};
  // Tick just after each full second of the countdown, so the digits change on time.
  let timer = null;
  const next = () => {
    const ms = (clock.end_ms - rt.serverNow()) % 1000;
    timer = setTimeout(() => {
      paint();
      next();
    }, (ms > 0 ? ms : 1000 + ms) + 15);
  };
  next();
  return () => clearTimeout(timer);
}

export function render(component) {
  const { data, parentElement, setTriggerValue } = component;
  const rt = runtime();
  rt.renders = (rt.renders || 0) + 1; // read by the browser tests
  const host = parentElement;
  if (host.__werkstattCleanup) host.__werkstattCleanup();
  const cleanups = [];
  if (data.html !== undefined) {
    // Markup built on the server from escaped text (werkstatt/ui/live_parts.py), never raw user input.
    let root = host.querySelector("[data-live-root]");
    if (!root) {
      root = document.createElement("div");
      root.dataset.liveRoot = "1";
      host.appendChild(root);
    }
    root.innerHTML = data.html;
    const card = root.firstElementChild;
    if (card && data.clock) cleanups.push(startClock(card, data.clock, rt));
  }
  // Ask for one redraw; a busy part waits until `gap_ms` after it was drawn. Redraw requests
  // of all parts on the page go out one at a time (see rt.enqueue). If the redraw does not
  // come (a dropped connection, a request lost in a busy moment), ask again.
  const drawnAt = Date.now();
  const topic = data.topic || "r";
  let timer = null;
  let gone = false;
  let reconnecting = false; // a page part asked for a full redraw that has not come yet
  const behind = () => {
    if (data.page) return reconnecting;
    const s = data.w ? rt.streams.get(data.w) : null;
    return s && s.mark && s.mark[topic] > data.shown;
  };
  const ask = (why) => {
    if (timer || gone) return;
    // Many phones redraw on the same change: each waits a random moment of up to `spread_ms`,
    // so the server serves them one after another instead of all at once.
    // `delay_ms` first lets the person who caused the change get their own answer undisturbed.
    const spread = (data.delay_ms || 0) + Math.random() * (data.spread_ms || 0);
    const wait = Math.max(spread, drawnAt + (data.gap_ms || 0) - Date.now());
    timer = setTimeout(() => {
      rt.enqueue(() => {
        if (gone) return false;
        setTriggerValue("changed", `${why}@${Date.now()}`);
        return true;
      });
      timer = setTimeout(() => {
        timer = null;
        if (behind()) ask("again");
      }, RETRY_MS);
    }, wait);
  };
  cleanups.push(() => {
    gone = true;
    clearTimeout(timer);
  });
  if (data.w && data.page) {
    // Outside any fragment: after a reconnect, redraw the whole page once. A restarted server
    // knows none of the old session's fragments, so their redraw requests would go nowhere.
    const s0 = () => rt.streams.get(data.w);
    let epoch = null;
    cleanups.push(
      rt.subscribe(data.w, () => {
        const s = s0();
        if (epoch === null) epoch = s.epoch;
        else if (s.epoch > epoch && rt.pageEpoch !== s.epoch) {
          // Asked again every few seconds until the page is redrawn (this part then mounts anew):
          // the event stream may be back before Streamlit's own connection is.
          rt.pageEpoch = s.epoch;
          reconnecting = true;
          ask("reconnect");
        }
      }),
    );
  } else if (data.w) {
    cleanups.push(
      rt.subscribe(data.w, (mark) => {
        if (mark[topic] > data.shown) ask(`${topic}${mark[topic]}`);
      }),
    );
  }
  if (data.wake_at) {
    const wait = data.wake_at - rt.serverNow();
    const wake = setTimeout(() => ask(`t${data.wake_at}`), Math.max(0, Math.min(wait, 2 ** 31 - 1)));
    cleanups.push(() => clearTimeout(wake));
  }
  const cleanup = () => {
    cleanups.forEach((f) => f());
    host.__werkstattCleanup = null;
  };
  host.__werkstattCleanup = cleanup;
  return cleanup;
}
