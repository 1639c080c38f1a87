// A chooser that holds several items (communities.choosers.MultipleChooser): Wagtail's chooser
// modal, opened in its multiple mode, adds the items chosen there to the list; each item's
// button takes it off again. Each listed item is a hidden input, so the form sends them all.
(() => {
  "use strict";

  class MultipleChooser {
    constructor(id, opts = {}) {
      this.element = document.getElementById(`${id}-chooser`);
      this.modalUrl = opts.modalUrl || this.element.dataset.chooserUrl;
      this.list = this.element.querySelector("[data-chooser-items]");
      this.itemTemplate = this.element.querySelector("[data-chooser-item-template]");
      this.empty = this.element.querySelector("[data-chooser-empty]");
      this.element
        .querySelector("[data-chooser-action-choose]")
        .addEventListener("click", () => this.openChooserModal());
      this.list.addEventListener("click", (event) => {
        const remove = event.target.closest("[data-chooser-action-remove]");
        if (remove) this.remove(remove.closest("[data-chooser-item]"));
      });
    }

    openChooserModal() {
      // As Wagtail's own choosers open the modal (its ChooserModal, which it does not export).
      window.ModalWorkflow({
        url: this.modalUrl,
        urlParams: { multiple: 1 },
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: (result) => this.add([].concat(result)) },
      });
    }

    chosenIds() {
      return new Set(Array.from(this.list.querySelectorAll("input"), (input) => input.value));
    }

    add(items) {
      const chosen = this.chosenIds();
      for (const item of items) {
        if (chosen.has(String(item.id))) continue;
        const fragment = this.itemTemplate.content.cloneNode(true);
        fragment.querySelector("input").value = item.id;
        for (const title of fragment.querySelectorAll("[data-chooser-title]")) {
          title.textContent = item.title;
        }
        this.list.append(fragment);
      }
      this.update();
    }

    remove(item) {
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      this.update();
      // The focus stays in the list, or goes to the button that adds people.
      (next?.querySelector("[data-chooser-action-remove]") ||
        this.element.querySelector("[data-chooser-action-choose]")).focus();
    }

    update() {
      this.empty.hidden = this.list.children.length > 0;
      // Wagtail warns about leaving the editor with unsaved changes when a form field changes.
      this.element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  window.MultipleChooser = MultipleChooser;
})();
