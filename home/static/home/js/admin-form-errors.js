// After a form in the admin comes back with errors, the page title says so first and the focus
// moves to Wagtail's error message, as on the public site (components/form_errors.html).
// Wagtail shows the message but leaves the title as it was and the focus at the top.
(() => {
  "use strict";

  const prefix = document.currentScript.dataset.errorTitlePrefix;

  function announceErrors() {
    const message = document.querySelector(".messages li.error");
    if (!message) return;
    if (!document.title.startsWith(prefix)) document.title = `${prefix} ${document.title}`;
    message.setAttribute("tabindex", "-1");
    message.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", announceErrors);
  } else {
    announceErrors();
  }
})();
