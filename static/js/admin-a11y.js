// Accessible names for two widgets of Django's admin that axe-core (WCAG 4.1.2) finds
// without one: the autocomplete fields (select2 names its combobox after the chosen
// value only, so an empty field has no name, and its text box not at all) and the filter boxes of a many-to-many
// field (an aria-label on a span without a role). Runs once the page has loaded and
// again for every widget added later (a new inline row, a select2 opened again).
(function () {
  "use strict";

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) {
        return;
      }
      var combobox = container.querySelector('.select2-selection[role="combobox"]');
      if (!combobox) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "_label";
      }
      var rendered = container.querySelector(".select2-selection__rendered");
      var names = [label.id];
      if (rendered && rendered.id) {
        names.push(rendered.id);
        // Its role is "textbox": it needs the field's name too, the label's.
        if (rendered.getAttribute("aria-labelledby") !== label.id) {
          rendered.setAttribute("aria-labelledby", label.id);
        }
      }
      var wanted = names.join(" ");
      if (combobox.getAttribute("aria-labelledby") !== wanted) {
        combobox.setAttribute("aria-labelledby", wanted);
      }
    });
  }

  function nameFilterIcons(root) {
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function fix() {
    nameAutocompletes(document);
    nameFilterIcons(document);
  }

  window.addEventListener("load", function () {
    // After Django's own load handlers (SelectFilter2 builds its boxes on load).
    window.setTimeout(function () {
      fix();
      new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
    }, 0);
  });
})();
