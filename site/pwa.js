// Offline support of the page: registers the service worker, shows whether
// the device is offline (the self-check keeps working: answers never leave
// the device either way), and offers a new build when one is ready. Accepting
// reloads the page whole from the new build; it never mixes old and new files.
const TEXT = {
  zh: {
    offline: "当前离线：自测照常可用，答案始终只保存在本机。",
    update: "有新版本（可能包含更新的规则）。",
    reload: "载入新版本",
    ready: "已可离线使用。",
  },
  en: {
    offline: "You are offline: the self-check still works, and your answers stay on this device.",
    update: "A new version is available (it may contain updated rules).",
    reload: "Load the new version",
    ready: "Ready to work offline.",
  },
};

const status = document.getElementById("app-status");
let waitingWorker = null;
let offlineReady = false;

function lang() {
  return document.documentElement.lang.startsWith("en") ? "en" : "zh";
}

function render() {
  if (!status) return;
  const t = TEXT[lang()];
  status.replaceChildren();
  if (!navigator.onLine) {
    const p = document.createElement("p");
    p.className = "app-status-offline";
    p.dataset.state = "offline";
    p.textContent = t.offline;
    status.append(p);
  }
  if (waitingWorker) {
    const p = document.createElement("p");
    p.className = "app-status-update";
    p.dataset.state = "update";
    const span = document.createElement("span");
    span.textContent = t.update + " ";
    const button = document.createElement("button");
    button.type = "button";
    button.id = "reload-update";
    button.textContent = t.reload;
    button.addEventListener("click", acceptUpdate);
    p.append(span, button);
    status.append(p);
  }
  status.dataset.offlineReady = String(offlineReady);
}

let accepted = false;
function acceptUpdate() {
  if (!waitingWorker) return;
  accepted = true;
  waitingWorker.postMessage({ type: "SKIP_WAITING" });
}

function watch(reg) {
  if (reg.waiting && navigator.serviceWorker.controller) {
    waitingWorker = reg.waiting;
    render();
  }
  reg.addEventListener("updatefound", () => {
    const worker = reg.installing;
    if (!worker) return;
    worker.addEventListener("statechange", () => {
      if (worker.state !== "installed") return;
      if (navigator.serviceWorker.controller) {
        waitingWorker = worker; // a new build is ready: ask before switching
      } else {
        offlineReady = true; // first install: the page now works offline
      }
      render();
    });
  });
}

// firstEstimateShown() resolves once the page shows its first estimate
// (html[data-ready=true]), or after 10 s if the engine never starts: a first
// visit's service worker installs by downloading every file of the page
// again, the wasm included, which would compete with the engine's own start
// for the network and the processor. A page the service worker already
// controls registers at once (an update check).
function firstEstimateShown() {
  const root = document.documentElement;
  if (root.dataset.ready === "true" || navigator.serviceWorker.controller) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (root.dataset.ready === "true") done();
    });
    observer.observe(root, { attributes: true, attributeFilter: ["data-ready"] });
    const timer = setTimeout(done, 10000);
  });
}

async function start() {
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  render();
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (accepted) window.location.reload();
  });
  await firstEstimateShown();
  try {
    const reg = await navigator.serviceWorker.register("sw.js", { scope: "./", updateViaCache: "none" });
    watch(reg);
    if (reg.active) offlineReady = true;
    render();
    // Look for a new build when the page comes back into view.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && navigator.onLine) reg.update().catch(() => {});
    });
  } catch (err) {
    console.warn("service worker not registered:", err);
  }
}

start();
