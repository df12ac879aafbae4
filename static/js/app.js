// Progressive enhancement shared by every page. Pages work without JavaScript.
document.documentElement.classList.add("js");

// Buttons and links that ask before doing something that cannot be undone easily:
// <button data-confirm="Delete this?">. The server still requires a POST.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
