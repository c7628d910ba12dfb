// Live preview of an article's Markdown in the admin, rendered and sanitised by the
// server exactly as the article page will show it.
(function () {
  "use strict";

  function csrfToken(form) {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setup() {
    const body = document.getElementById("id_body");
    if (!body || !body.form) {
      return;
    }
    const url = "/kennisbank/voorbeeld/";
    const wrapper = document.createElement("section");
    wrapper.className = "article-preview";
    wrapper.setAttribute("aria-label", "Voorbeeld");
    const heading = document.createElement("h3");
    heading.textContent = "Voorbeeld";
    const output = document.createElement("div");
    output.className = "article-preview-body";
    output.setAttribute("aria-live", "polite");
    wrapper.append(heading, output);
    body.insertAdjacentElement("afterend", wrapper);

    let timer = null;
    async function refresh() {
      const data = new FormData();
      data.append("body", body.value);
      try {
        const response = await fetch(url, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(body.form) },
          credentials: "same-origin",
        });
        if (response.ok) {
          const json = await response.json();
          output.innerHTML = json.html; // already sanitised on the server
        }
      } catch (error) {
        output.textContent = "Het voorbeeld kon niet worden geladen.";
      }
    }
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
