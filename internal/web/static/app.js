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
  // Refresh a running job's page until it finishes.
  var job = document.getElementById("job");
  if (job && job.getAttribute("data-state") === "running") {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
