// Gives each Draftail rich-text editor in the admin the name of its field.
//
// Wagtail's label points at the hidden input the editor replaces, so the editable area that
// screen readers meet has no name (wagtail/wagtail#14205). This names it after that label,
// also for editors that appear later (a block added to a StreamField, an editor re-drawn).
// Remove it once Wagtail ships the fix: docs/upgrading.md lists it.
(() => {
  "use strict";

  const EDITOR = "[data-draftail-editor-wrapper] [contenteditable][role='textbox']";

  // What names the editor: the label of the hidden input beside its wrapper or, for a block
  // straight in a StreamField, which has no label, the block type in the block's heading
  // ("Tekst"), not the heading's summary of the text. Given an id where it has none.
  function labelOf(editor) {
    const wrapper = editor.closest("[data-draftail-editor-wrapper]");
    const input = wrapper.parentNode.querySelector(":scope > input[id]");
    let label = input && document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    let id = input && `${input.id}-label`;
    if (!label) {
      const heading = wrapper.closest("[data-panel]")?.querySelector("[data-panel-heading]");
      label = heading?.querySelector(".c-sf-block__type");
      id = heading && `${heading.id}-type`;
    }
    if (!label || !id) return null;
    if (!label.id) label.id = id;
    return label;
  }

  function nameEditors() {
    for (const editor of document.querySelectorAll(EDITOR)) {
      if (editor.hasAttribute("aria-labelledby") || editor.hasAttribute("aria-label")) continue;
      const label = labelOf(editor);
      if (label) editor.setAttribute("aria-labelledby", label.id);
    }
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      nameEditors();
    });
  }

  function start() {
    nameEditors();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
