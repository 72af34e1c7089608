// Loads a page's own module the first time the app shows the page (the fedcred:load-page event
// from src/components/lazy_page.rs) and mounts the page into the element that asked; the
// element's data-page names the module (inspect, predict). The first visit downloads none of
// them. Progress goes to the element's data-state (loading, ready, failed), which the stylesheet
// shows. The release build (scripts/finalize-dist.mjs) replaces `known` and `start` with ones
// that instantiate each module's bytes without fetch(), under the page's Content-Security-Policy;
// the rest of this file ships as it is.
function known(page) {
  return /^[a-z]+$/.test(page ?? '');
}

async function start(root) {
  const module = await import(`./${root.dataset.page}.js`);
  await module.default();
  module.mount(root);
}

function load(root) {
  if (!(root instanceof Element) || root.dataset.state || !known(root.dataset.page)) return;
  root.dataset.state = 'loading';
  start(root).then(
    () => { root.dataset.state = 'ready'; },
    () => { root.dataset.state = 'failed'; },
  );
}

document.addEventListener('fedcred:load-page', (event) => load(event.target));
// A page the app asked for before this script ran (its request is marked on the element).
for (const root of document.querySelectorAll('.lazy-page[data-requested]')) load(root);
