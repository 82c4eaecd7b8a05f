// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  // Ask before destructive actions marked data-confirm.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var msg = form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); return; }
    // Prevent double submission on slow phone connections.
    if (form.dataset.submitted) { e.preventDefault(); return; }
    form.dataset.submitted = "1";
    // Disabled buttons are left out of the form data: carry the pressed one.
    if (e.submitter && e.submitter.name) {
      var carry = document.createElement("input");
      carry.type = "hidden"; carry.name = e.submitter.name; carry.value = e.submitter.value;
      form.appendChild(carry);
    }
    if (form.dataset.draftKey) { try { localStorage.removeItem(form.dataset.draftKey); } catch (err) {} }
    var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = true;
      if (buttons[i].dataset.busy) { buttons[i].textContent = buttons[i].dataset.busy; }
    }
  });
  // Show/hide password toggles.
  var toggles = document.querySelectorAll("[data-toggle-password]");
  for (var i = 0; i < toggles.length; i++) {
    toggles[i].hidden = false;
    toggles[i].addEventListener("click", function (e) {
      var input = document.getElementById(e.currentTarget.getAttribute("data-toggle-password"));
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      e.currentTarget.textContent = show ? "隐藏密码" : "显示密码";
    });
  }
  // Copy-to-clipboard for one-time secrets.
  var copies = document.querySelectorAll("[data-copy]");
  for (var j = 0; j < copies.length; j++) {
    copies[j].hidden = false;
    copies[j].addEventListener("click", function (e) {
      var text = document.getElementById(e.currentTarget.getAttribute("data-copy")).textContent;
      if (navigator.clipboard) { navigator.clipboard.writeText(text.trim()); e.currentTarget.textContent = "已复制"; }
    });
  }
  // Drafts save themselves while the member types: to this device at once
  // (a lost connection loses nothing) and to the server after a pause.
  var draft = document.querySelector("form[data-autosave]");
  if (draft) { autosave(draft); }
  // Refresh a running job's page until it finishes.
  var job = document.getElementById("job");
  if (job && job.getAttribute("data-state") === "running") {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }

  function autosave(form) {
    var key = form.dataset.draftKey, status = form.querySelector(".autosave-status"), timer = null;
    var fields = form.querySelectorAll("input[type=text], textarea, select");
    function local() {
      var v = {};
      for (var i = 0; i < fields.length; i++) { v[fields[i].name] = fields[i].value; }
      try { localStorage.setItem(key, JSON.stringify(v)); } catch (err) {}
    }
    // A new form that is still empty gets back what this device kept.
    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null"), empty = true;
      for (var i = 0; i < fields.length; i++) { if (fields[i].tagName === "TEXTAREA" && fields[i].value) { empty = false; } }
      if (kept && empty) {
        for (var j = 0; j < fields.length; j++) { if (kept[fields[j].name]) { fields[j].value = kept[fields[j].name]; } }
        if (status) { status.textContent = "已恢复本机保存的草稿。"; }
      }
    } catch (err) {}
    function save() {
      var body = new FormData(form);
      body.set("then", "autosave");
      fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin", headers: { "X-Autosave": "1" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (d) {
          form.querySelector("input[name=version]").value = d.version;
          if (form.getAttribute("action") !== d.action) {
            form.setAttribute("action", d.action);
            try { localStorage.removeItem(key); } catch (err) {}
            key = form.dataset.draftKey = "proposal-draft-" + d.id;
            if (window.history.replaceState) { window.history.replaceState(null, "", d.action); }
          }
          local();
          if (status) { status.textContent = "草稿已自动保存 " + d.saved; }
        })
        .catch(function () { if (status) { status.textContent = "网络不通,草稿暂存在本机,恢复网络后会自动保存。"; } });
    }
    form.addEventListener("input", function () {
      local();
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 3000);
    });
  }
})();
