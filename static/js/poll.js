// Pages that wait for background work (exports, reports) reload themselves while it runs.
// <p data-poll="5"> reloads every 5 seconds; without JavaScript the page offers a link.
const target = document.querySelector("[data-poll]");
if (target) {
  const seconds = Math.max(2, Number(target.dataset.poll) || 5);
  window.setTimeout(() => window.location.reload(), seconds * 1000);
}
