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


// ---- The phone's contribution list, drawn here from data (data.board) ------------------------
// The shared page comes from GET /live/<w>/board (werkstatt/live/board_route.py), fetched once per
// newer revision and shared by every part of the tab (rt.pages); the phone's own part (its dots,
// its own contributions) comes with the script run its person's action causes anyway. So a post
// costs no script run on the other phones. Texts are set as text, never as markup. DOM nodes are
// kept per contribution, so a focused button stays the same element (and keeps the focus).

function pageStore(rt, w, k, limit) {
  rt.pages = rt.pages || new Map();
  const id = `${w}:${limit}`;
  let p = rt.pages.get(id);
  if (!p) {
    p = { page: null, inflight: null, url: `/live/${w}/board?k=${encodeURIComponent(k)}&limit=${limit}` };
    rt.pages.set(id, p);
  }
  return p;
}

function fetchPage(store, wanted) {
  if (store.page && store.page.r >= wanted) return Promise.resolve(store.page);
  if (store.inflight) return store.inflight;
  store.inflight = fetch(`${store.url}&r=${wanted}`, { cache: "no-store" })
    .then((res) => {
      if (!res.ok) throw new Error(`board ${res.status}`);
      return res.json();
    })
    .then((page) => {
      if (!store.page || page.r >= store.page.r) store.page = page;
      return store.page;
    })
    .finally(() => {
      store.inflight = null;
    });
  return store.inflight;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

const dotsLabel = (n) => (n === 1 ? "1 Punkt" : `${n} Punkte`);
const capitalize = (t) => (t ? t[0].toUpperCase() + t.slice(1) : t);

function cardNode(nodes, id, withButton) {
  let node = nodes.get(id);
  if (!node) {
    node = el("li", "wb-card");
    node.dataset.id = String(id);
    node.append(el("p", "wb-meta"), el("p", "wb-text"), el("p", "wb-votes"));
    if (withButton) node.append(el("button", "wb-dot"));
    nodes.set(id, node);
  }
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// Put `wanted` (nodes, in order) into `list`: remove what left first, then insert what came, so a
// card that stays is never moved (a moved node loses the focus of the button inside it).
function reconcile(list, wanted) {
  const keep = new Set(wanted);
  [...list.children].forEach((node) => {
    if (!keep.has(node)) node.remove();
  });
  wanted.forEach((node, i) => {
    if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null);
  });
}

function boardRoot(host) {
  let root = host.querySelector("[data-board-root]");
  if (!root) {
    root = el("div", "wb");
    root.dataset.boardRoot = "1";
    host.appendChild(root);
  }
  return root;
}

function drawAll(root, st, data, page, act) {
  const own = data.board.own;
  if (!st.built) {
    st.dots = el("p", "wb-dots");
    st.count = el("p", "wb-count");
    st.hint = el("p", "wb-hint");
    st.say = el("p", "lv-sr");
    st.say.setAttribute("aria-live", "polite");
    st.empty = el("p", "wb-empty", "Noch keine Beiträge – schreiben Sie den ersten!");
    st.list = el("ul", "wb-list");
    st.list.setAttribute("aria-label", "Alle Beiträge");
    st.more = el("button", "wb-more");
    st.more.type = "button";
    st.more.addEventListener("click", () => st.showMore());
    root.append(st.dots, st.say, st.count, st.hint, st.empty, st.list, st.more);
    st.nodes = new Map();
    st.built = true;
  }
  const votes = page.votes;
  const mine = new Set(own.my_votes);
  const used = own.my_votes.filter((id) => votes[id] !== undefined).length;
  const left = Math.max(0, own.total - used);
  st.dots.replaceChildren(
    el("b", "", "Ihre Punkte:"),
    " ",
    Object.assign(el("span", "", "●".repeat(Math.min(used, own.total)) + "○".repeat(left)), { ariaHidden: "true" }),
    ` noch ${left} von ${own.total}`,
  );
  setText(st.count, page.count === 1 ? "1 Beitrag, der neueste zuerst" : `${page.count} Beiträge, die neuesten zuerst`);
  if (st.seen !== undefined && page.count > st.seen) {
    const n = page.count - st.seen;
    st.say.textContent = n === 1 ? "1 neuer Beitrag" : `${n} neue Beiträge`;
  }
  st.seen = page.count;
  const hint = !data.board.open
    ? "Die Abstimmung ist gerade geschlossen."
    : left === 0
      ? "Alle Punkte sind vergeben. Nehmen Sie einen zurück, um ihn neu zu setzen."
      : "";
  setText(st.hint, hint);
  st.hint.hidden = !hint;
  // The newest page, and every card carrying my dot (so a dot can be taken back), newest first.
  const cards = new Map(page.items.map((c) => [c.id, c]));
  own.dotted.forEach((c) => {
    if (!cards.has(c.id) && votes[c.id] !== undefined) cards.set(c.id, c);
  });
  const shown = [...cards.values()].sort((a, b) => b.id - a.id);
  const nodes = shown.map((c) => {
    const node = cardNode(st.nodes, c.id, true);
    const [meta, text, count, button] = node.children;
    setText(meta, c.meta);
    setText(text, c.text);
    setText(count, dotsLabel(votes[c.id] ?? c.votes));
    const mineNow = mine.has(c.id);
    const pending = st.pending && st.pending.id === c.id && st.pending.mine === mineNow;
    setText(button, mineNow ? `Punkt zurücknehmen für #${c.id}` : `Punkt geben für #${c.id}`);
    button.type = "button";
    button.disabled = !data.board.open || (!mineNow && left === 0);
    button.setAttribute("aria-busy", pending ? "true" : "false");
    button.onclick = () => {
      if (st.pending && Date.now() - st.pending.at < 5000) return; // one action at a time
      st.pending = { id: c.id, mine: mineNow, at: Date.now() };
      button.setAttribute("aria-busy", "true");
      act(mineNow ? "unvote" : "vote", c.id);
    };
    return node;
  });
  reconcile(st.list, nodes);
  st.empty.hidden = page.count > 0;
  const beyond = page.count - page.items.length;
  st.more.hidden = beyond <= 0;
  setText(st.more, `Weitere ${Math.min(beyond, st.step)} von ${beyond} anzeigen`);
}

function drawMine(root, st, data, page, act) {
  const own = data.board.own;
  if (!st.built) {
    st.empty = el("p", "wb-empty", "Sie haben noch nichts geschrieben.");
    st.list = el("ul", "wb-list");
    st.list.setAttribute("aria-label", "Meine Beiträge");
    root.append(st.empty, st.list);
    st.nodes = new Map();
    st.built = true;
  }
  const nodes = own.mine.map((c) => {
    const node = cardNode(st.nodes, c.id, false);
    const [meta, text, trace] = node.children;
    const gone = page ? page.gone[c.id] : undefined;
    const said = gone !== undefined ? gone : page && page.votes[c.id] !== undefined ? "" : c.trace;
    setText(meta, page && page.votes[c.id] !== undefined ? `${c.meta} · ${dotsLabel(page.votes[c.id])}` : c.meta);
    setText(text, c.text);
    setText(trace, capitalize(said));
    trace.className = "wb-trace";
    trace.hidden = !said;
    let button = node.querySelector("button");
    if (!said && !button) {
      button = el("button", "wb-withdraw", `Beitrag #${c.id} zurückziehen`);
      button.type = "button";
      button.onclick = () => act("withdraw", c.id);
      node.append(button);
    } else if (said && button) button.remove();
    return node;
  });
  reconcile(st.list, nodes);
  st.empty.hidden = own.mine.length > 0;
}

function renderBoard(host, data, rt, setTriggerValue, ask) {
  const b = data.board;
  const root = boardRoot(host);
  const st = host.__board || (host.__board = { limit: b.limit, step: b.limit });
  st.showMore = () => {
    st.limit += st.step;
    st.wantFocus = true;
    load(0);
  };
  const act = (what, id) => setTriggerValue("act", { do: what, id, at: Date.now() });
  const draw = (page) => {
    if (page) st.page = page;
    if (!st.page && b.view === "all") return;
    const before = st.nodes ? st.nodes.size : 0;
    (b.view === "mine" ? drawMine : drawAll)(root, st, data, st.page, act);
    if (st.wantFocus && st.nodes && st.nodes.size > before) {
      st.wantFocus = false;
      const first = st.list.children[before];
      const target = first && first.querySelector("button");
      if (target) target.focus();
    }
    // A dot of mine on a card merged into another: the dot moved, my own part is out of date. (A
    // hidden card's dot is simply free while it is hidden: `used` counts dots on listed cards only.)
    if (st.page && b.own.my_votes.some((id) => st.page.merged.includes(id))) ask("own");
  };
  st.pending = null; // drawn again by the server: the person's action has run
  let gone = false;
  let timer = null;
  let lastFetch = 0;
  let failures = 0;
  const load = (wait) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (gone) return;
      const stream = rt.streams.get(data.w);
      const wanted = stream && stream.mark ? stream.mark.r : data.shown;
      lastFetch = Date.now();
      fetchPage(pageStore(rt, data.w, b.ticket, st.limit), wanted)
        .then((page) => {
          failures = 0;
          if (!gone) draw(page);
        })
        .catch(() => {
          failures += 1;
          if (!gone) load(Math.min(15000, 2000 * failures)); // the page stays; the notice says why
        });
    }, Math.max(0, wait));
  };
  draw(null);
  const store = pageStore(rt, data.w, b.ticket, st.limit);
  if (store.page && store.page.r >= data.shown) draw(store.page);
  else load(0);
  const unsubscribe = rt.subscribe(data.w, (mark) => {
    if (st.page && mark.r <= st.page.r) return;
    // As the server-side redraws were paced (werkstatt/live/pacing.py): the author gets their own
    // answer first, and many phones ask at random moments within the spread.
    const wait = (data.delay_ms || 0) + Math.random() * (data.spread_ms || 0);
    load(Math.max(wait, lastFetch + (data.gap_ms || 0) - Date.now()));
  });
  const posted = () => {
    const id = rt.posted && rt.posted.get(data.w);
    if (b.view === "mine" && id && !b.own.mine.some((c) => c.id === id)) ask("own");
  };
  rt.onPosted = rt.onPosted || new Set();
  rt.onPosted.add(posted);
  posted();
  return () => {
    gone = true;
    clearTimeout(timer);
    unsubscribe();
    rt.onPosted.delete(posted);
  };
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
  } else if (data.w && data.board) {
    // Drawn here from data; the fragment reruns only for its person ("act") or when its own part
    // is out of date ("own"), once per mount.
    let asked = false;
    const askOwn = (why) => {
      if (asked || gone) return;
      asked = true;
      rt.enqueue(() => {
        if (gone) return false;
        setTriggerValue("own", `${why}@${Date.now()}`);
        return true;
      });
    };
    cleanups.push(renderBoard(host, data, rt, setTriggerValue, askOwn));
  } else if (data.cookie) {
    // A first-party cookie (werkstatt/ui/live_parts.py, set_cookie): name and value encoded here.
    const c = data.cookie;
    const pair = `${encodeURIComponent(c.name)}=${encodeURIComponent(c.value)}`;
    document.cookie = `${pair}; path=/; max-age=${Number(c.max_age) || 0}; SameSite=Lax`;
  } else if (data.w && "posted" in data) {
    // The post form tells the lists of this tab that its person posted (the own list then redraws).
    rt.posted = rt.posted || new Map();
    if (data.posted) rt.posted.set(data.w, data.posted);
    (rt.onPosted || new Set()).forEach((f) => f());
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
