/* Small progressive enhancements; the site works without JavaScript. */
(function () {
  "use strict";
  // "Add to quote list" buttons are hidden without JavaScript; the quote list
  // script (inquiry) enables them when it loads.
})();
