// Progressive enhancement shared by every page. Pages work without JavaScript.
document.documentElement.classList.add("js");

// The main menu is a <details> element: folded behind "Menu" on phones, always open on wider
// screens. Without JavaScript it simply stays foldable.
const menu = document.querySelector("[data-nav-menu]");
if (menu) {
  const wide = window.matchMedia("(min-width: 56rem)");
  const sync = () => {
    menu.open = wide.matches;
  };
  sync();
  wide.addEventListener("change", sync);
}

// Buttons and links that ask before doing something that cannot be undone easily:
// <button data-confirm="Delete this?">. The server still requires a POST.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
