/* Suggestions under the search box, as an ARIA combobox. Without JavaScript the form simply
   submits; this only adds a list of matching titles while typing. */
(function () {
    "use strict";

    function setUp(form) {
        var input = form.querySelector("input[name=q]");
        var url = form.getAttribute("data-suggest-url");
        if (!input || !url || !window.fetch) { return; }

        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", form.getAttribute("data-suggest-label") || "");
        list.hidden = true;
        input.parentNode.appendChild(list);

        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        form.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("aria-expanded", "false");

        var active = -1;
        var timer = null;
        var latest = 0;

        function options() { return list.querySelectorAll("[role=option]"); }

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            var items = options();
            if (!items.length) { return; }
            active = (index + items.length) % items.length;
            for (var i = 0; i < items.length; i++) {
                items[i].setAttribute("aria-selected", i === active ? "true" : "false");
            }
            input.setAttribute("aria-activedescendant", items[active].id);
        }

        function choose(text) {
            input.value = text;
            close();
            form.submit();
        }

        function show(titles) {
            close();
            titles.forEach(function (title, index) {
                var item = document.createElement("li");
                item.id = listId + "-" + index;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.textContent = title;
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    choose(title);
                });
                list.appendChild(item);
            });
            if (titles.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
            status.textContent = titles.length ? titles.length + " " + (form.getAttribute("data-suggest-count") || "") : "";
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            var text = input.value.trim();
            if (text.length < 2) { close(); return; }
            timer = setTimeout(function () {
                var request = ++latest;
                fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                    .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                    .then(function (data) { if (request === latest) { show(data.suggestions || []); } })
                    .catch(close);
            }, 200);
        });

        input.addEventListener("keydown", function (event) {
            if (event.key === "Escape") {
                // Suggestions still on their way must not open the list again.
                clearTimeout(timer);
                latest++;
                // The ARIA combobox pattern: Escape closes an open list and keeps what was
                // typed; only with the list closed does it clear the box, as a search field does.
                if (!list.hidden) { event.preventDefault(); close(); }
                return;
            }
            if (list.hidden) { return; }
            if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
            else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
            else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                choose(options()[active].textContent);
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 100); });
    }

    document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
