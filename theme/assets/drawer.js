/* The ☰ drawer (theme/partials/nav.html) for keyboards. Material opens it with a
   <label> for the hidden #__drawer checkbox: a keyboard cannot reach that label, and
   Escape leaves the drawer open. Here the label gives way to a real button (Tab,
   Enter, Space, aria-expanded); opening moves the focus to the first link, Escape
   closes the drawer and gives the focus back to the button, and tabbing out of the
   drawer closes it. Without JavaScript the label works for taps and clicks as before. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector('.md-header label[for="__drawer"]');
  var nav = document.querySelector(".cat-drawer-nav");
  if (!toggle || !label || !nav) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " cat-menu-button";
  button.innerHTML = label.innerHTML; // Material's menu icon
  button.setAttribute("aria-label", nav.getAttribute("data-cat-menu") || "Menu");
  button.setAttribute("aria-controls", "cat-drawer-list");
  label.replaceWith(button);

  function shown() {
    return toggle.checked && getComputedStyle(button).display !== "none";
  }
  function sync() {
    button.setAttribute("aria-expanded", String(toggle.checked));
  }
  function set(open, focus) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change")); // Material locks the page's scrolling
    }
    sync();
    if (focus) (open ? nav.querySelector("#cat-drawer-list a") : button).focus();
  }
  sync();
  toggle.addEventListener("change", sync);
  button.addEventListener("click", function () {
    set(!toggle.checked, true);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shown()) {
      set(false, nav.contains(document.activeElement) || document.activeElement === button);
    }
  });
  nav.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (shown() && next && !nav.contains(next) && next !== button) set(false, false);
  });
})();
