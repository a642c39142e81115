/* Autocomplete for the member fields (ARIA 1.2 combobox with a listbox).
   Without JavaScript the form still works: the server accepts a name that fits one municipality and offers
   the candidates as buttons otherwise. Candidates come from data-suggest (JSON {candidates: [{label, value}]}). */
(function () {
  "use strict";
  var counter = 0;

  function enhance(input) {
    var url = input.getAttribute("data-suggest");
    var listId = input.id + "-vorschlaege";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var pending = null;
    var waiting = null;

    input.removeAttribute("list"); // the listbox replaces the plain datalist
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Vorschläge");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.id = "vorschlaege-status-" + (++counter);
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      input.value = options[index].value;
      close();
      status.textContent = options[index].label + " ausgewählt.";
    }

    function highlight(index) {
      var items = list.children;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function show(found) {
      options = found;
      list.textContent = "";
      found.forEach(function (option, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = option.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          choose(index);
        });
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length === 0 ? "Keine passende Kommune."
        : found.length + (found.length === 1 ? " Vorschlag" : " Vorschläge") + "; mit den Pfeiltasten wählen.";
      active = -1;
    }

    function ask(text) {
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { candidates: [] }; })
        .then(function (data) { show(data.candidates); })
        .catch(function () { /* a superseded request, or offline: the server checks on saving */ });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (pending) { pending.abort(); }
      clearTimeout(waiting);
      if (text.length < 2) { show([]); status.textContent = ""; return; }
      // Ask once typing pauses, not for every letter.
      waiting = setTimeout(function () { ask(text); }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); // choose, do not submit the form
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
